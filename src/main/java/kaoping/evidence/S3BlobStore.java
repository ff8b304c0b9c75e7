package kaoping.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs in an S3-compatible object store (MinIO, Ceph, a cloud's), one object per SHA-256 under a prefix, through
 * the AWS SDK v2 with path-style URLs. Every call is bounded: a connect timeout, a timeout per attempt (which also
 * cuts a write the store stopped reading), and one for all attempts of a call, retried with backoff on throttling,
 * 5xx and I/O errors. Files over {@link #PART} go up in parts, so an attempt moves at most one part.
 */
class S3BlobStore implements BlobStore {
    /** S3's smallest part is 5 MiB and a file has at most 10,000 parts: 8 MiB parts carry up to 80 GB. */
    static final long PART = 8L << 20;
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Duration checkTimeout;

    /** What it takes to reach the store and how long to wait for it. */
    record Settings(URI endpoint, String bucket, String prefix, String region, String accessKey, String secretKey,
                    Duration connectTimeout, Duration requestTimeout, Duration callTimeout, int maxAttempts) {
    }

    S3BlobStore(Settings s) {
        this.bucket = s.bucket();
        this.prefix = s.prefix();
        this.checkTimeout = s.connectTimeout();
        this.s3 = S3Client.builder()
                .endpointOverride(s.endpoint())
                .region(Region.of(s.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey())))
                .forcePathStyle(true) // MinIO and Ceph serve buckets as paths, not as host names
                // the SDK's newer default checksums (CRC32 trailers) are not understood by every S3-compatible store
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // the JDK's HttpURLConnection: no extra dependencies, and all a blocking store needs
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(s.connectTimeout())
                        .socketTimeout(s.requestTimeout()).build())
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(s.requestTimeout()).apiCallTimeout(s.callTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(s.maxAttempts()).build()))
                .build();
    }

    @Override
    public void put(String sha256, Path file) throws IOException {
        long size = Files.size(file);
        call("PUT " + sha256, () -> {
            if (size <= PART) {
                s3.putObject(b -> b.bucket(bucket).key(key(sha256)), RequestBody.fromFile(file));
            } else {
                putInParts(key(sha256), file, size);
            }
            return null;
        });
    }

    /** A multipart upload; one that fails is aborted, so the store keeps no parts of it. */
    private void putInParts(String key, Path file, long size) {
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += PART) {
                long from = offset;
                long length = Math.min(PART, size - from);
                int number = parts.size() + 1;
                // a retried attempt reads the part again from the file
                RequestBody body = RequestBody.fromContentProvider(() -> {
                    try {
                        return FileBlobStore.region(file, from, length);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, length, "application/octet-stream");
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(number), body).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload));
            } catch (SdkException leftToTheStoresLifecycleRule) {
                e.addSuppressed(leftToTheStoresLifecycleRule);
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String sha256, long offset, long length) throws IOException {
        if (length == 0) {
            return new ByteArrayInputStream(new byte[0]);
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        return call(sha256, () -> s3.getObject(b -> b.bucket(bucket).key(key(sha256)).range(range)));
    }

    @Override
    public List<Stored> list() throws IOException {
        return call("LIST " + prefix, () -> s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()
                .stream().map(o -> new Stored(o.key().substring(prefix.length()), o.lastModified())).toList());
    }

    @Override
    public void delete(String sha256) throws IOException {
        call("DELETE " + sha256, () -> s3.deleteObject(b -> b.bucket(bucket).key(key(sha256))));
    }

    /** One short request: a store that does not answer it within the connect timeout is not ready. */
    @Override
    public void check() throws IOException {
        call("HEAD bucket", () -> s3.headBucket(b -> b.bucket(bucket)
                .overrideConfiguration(o -> o.apiCallTimeout(checkTimeout))));
    }

    private String key(String sha256) {
        return prefix + sha256;
    }

    private interface Call<T> {
        T run();
    }

    /** Runs a call of the SDK; a failure other than a missing object is the store being unavailable, said plainly. */
    private <T> T call(String what, Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(bucket + "/" + prefix + what);
        } catch (S3Exception e) {
            String why = switch (e.statusCode()) {
                case 403 -> "refused the credentials (403 " + e.awsErrorDetails().errorCode()
                        + "): check KAOPING_S3_ACCESS_KEY and KAOPING_S3_SECRET_KEY";
                case 404 -> "has no such bucket (404 " + e.awsErrorDetails().errorCode() + ")";
                default -> "answered " + e.statusCode() + " " + e.awsErrorDetails().errorCode();
            };
            throw new Unavailable("Object store " + what + ": the store " + why, e);
        } catch (SdkException | UncheckedIOException e) {
            throw new Unavailable("Object store " + what + ": " + e.getMessage(), e);
        }
    }
}
