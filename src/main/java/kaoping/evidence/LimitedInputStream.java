package kaoping.evidence;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A body that may not go over a size: reading past it fails, so no more of it is written anywhere. */
final class LimitedInputStream extends FilterInputStream {
    static final class TooLarge extends IOException {
        TooLarge() {
            super("over the size limit", null);
        }
    }

    private long left;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.left = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        count(Math.max(n, 0));
        return n;
    }

    private void count(int n) throws TooLarge {
        left -= n;
        if (left < 0) {
            throw new TooLarge();
        }
    }
}
