package kaoping.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Blobs in an S3-compatible object store (MinIO, Ceph, cloud object storage), one object per SHA-256 under a
 * prefix, path-style URLs, requests signed with Signature Version 4. The object's SHA-256 is its name, so uploads
 * send it as their payload hash and the store verifies every byte.
 */
class S3BlobStore implements BlobStore {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private final URI endpoint;
    private final String bucket;
    private final String prefix;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final HttpClient http = HttpClient.newHttpClient();

    S3BlobStore(URI endpoint, String bucket, String prefix, String region, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.prefix = prefix;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    @Override
    public void put(String sha256, Path file) throws IOException {
        send("PUT", key(sha256), Map.of(), Map.of(), HttpRequest.BodyPublishers.ofFile(file), sha256,
                HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public InputStream open(String sha256, long offset, long length) throws IOException {
        if (length == 0) {
            return new ByteArrayInputStream(new byte[0]);
        }
        Map<String, String> range = Map.of("range", "bytes=" + offset + "-" + (offset + length - 1));
        return send("GET", key(sha256), Map.of(), range, HttpRequest.BodyPublishers.noBody(), SigV4.EMPTY_PAYLOAD,
                HttpResponse.BodyHandlers.ofInputStream()).body();
    }

    @Override
    public List<Stored> list() throws IOException {
        List<Stored> stored = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new TreeMap<>(Map.of("list-type", "2", "prefix", prefix));
            if (token != null) {
                query.put("continuation-token", token);
            }
            byte[] xml = send("GET", "", query, Map.of(), HttpRequest.BodyPublishers.noBody(), SigV4.EMPTY_PAYLOAD,
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            Document page = parse(xml);
            NodeList contents = page.getElementsByTagName("Contents");
            for (int i = 0; i < contents.getLength(); i++) {
                Element c = (Element) contents.item(i);
                String key = text(c, "Key");
                stored.add(new Stored(key.substring(prefix.length()), Instant.parse(text(c, "LastModified"))));
            }
            token = "true".equals(text(page.getDocumentElement(), "IsTruncated"))
                    ? text(page.getDocumentElement(), "NextContinuationToken") : null;
        } while (token != null);
        return stored;
    }

    @Override
    public void delete(String sha256) throws IOException {
        send("DELETE", key(sha256), Map.of(), Map.of(), HttpRequest.BodyPublishers.noBody(), SigV4.EMPTY_PAYLOAD,
                HttpResponse.BodyHandlers.discarding());
    }

    private String key(String sha256) {
        return prefix + sha256;
    }

    private <T> HttpResponse<T> send(String method, String key, Map<String, String> query, Map<String, String> extra,
                                     HttpRequest.BodyPublisher body, String payloadHash,
                                     HttpResponse.BodyHandler<T> handler) throws IOException {
        String objectPath = key.isEmpty() ? ""
                : "/" + Arrays.stream(key.split("/", -1)).map(S3BlobStore::encode).collect(Collectors.joining("/"));
        String path = endpoint.getRawPath().replaceAll("/$", "") + "/" + encode(bucket) + objectPath;
        StringBuilder canonicalQuery = new StringBuilder();
        new TreeMap<>(query).forEach((k, v) -> canonicalQuery.append(canonicalQuery.isEmpty() ? "" : "&")
                .append(encode(k)).append('=').append(encode(v)));
        Map<String, String> headers = new LinkedHashMap<>(extra);
        headers.put("host", endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort());
        headers.put("x-amz-date", AMZ_DATE.format(Instant.now()));
        headers.put("x-amz-content-sha256", payloadHash);
        String authorization = SigV4.authorization(method, path, canonicalQuery.toString(), headers, accessKey, secretKey,
                region);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.getScheme() + "://" + headers.get("host")
                + path + (canonicalQuery.isEmpty() ? "" : "?" + canonicalQuery))).method(method, body)
                .header("Authorization", authorization);
        headers.forEach((name, value) -> {
            if (!name.equals("host")) { // the client sets Host itself
                request.header(name, value);
            }
        });
        try {
            HttpResponse<T> response = http.send(request.build(), handler);
            if (response.statusCode() / 100 != 2) {
                throw new IOException("S3 " + method + " " + path + " answered " + response.statusCode());
            }
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** RFC 3986 unreserved characters stay, everything else is percent-encoded (what SigV4 expects). */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("S3 listing is not readable XML", e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }
}
