package kaoping.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.restassured.specification.RequestSpecification;

/**
 * A multipart/form-data body written the way browsers write it: the filename as UTF-8 in the Content-Disposition
 * (RestAssured's encoder turns 验收报告.pdf into ????.pdf).
 */
public final class Multipart {
    private final String boundary = "kaoping-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    public Multipart file(String name, String filename, byte[] content) {
        return part("form-data; name=\"" + name + "\"; filename=\"" + filename + "\"", "application/octet-stream", content);
    }

    public Multipart field(String name, String value) {
        return part("form-data; name=\"" + name + "\"", "text/plain; charset=UTF-8", value.getBytes(StandardCharsets.UTF_8));
    }

    private Multipart part(String disposition, String type, byte[] content) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\nContent-Type: " + type
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The request with this body; only the response is checked against the contract (the validator reads no multipart). */
    public RequestSpecification request(String key) {
        return on(Api.upload(key));
    }

    /** This body on a request of the caller's making. */
    public RequestSpecification on(RequestSpecification request) {
        return request.contentType(contentType()).body(bytes());
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The whole body, with its closing delimiter. */
    public byte[] bytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(body.toByteArray());
        all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return all.toByteArray();
    }
}
