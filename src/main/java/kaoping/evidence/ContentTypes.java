package kaoping.evidence;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.apache.tika.Tika;

import kaoping.api.model.EvidenceCategory;

/**
 * The type of an uploaded file, decided from its bytes against the allow-list. Tika's magic numbers name most
 * types; a ZIP is opened (its central directory only, nothing is extracted) to tell Office Open XML, WPS and OFD
 * documents from a plain archive; an OLE2 compound file (old Word, Excel, PowerPoint, WPS) is named by its extension
 * only among those, so an installer or anything else in OLE2 form is refused.
 */
final class ContentTypes {
    private static final Tika TIKA = new Tika();
    private static final Set<String> BY_MAGIC = Set.of("application/pdf", "image/jpeg", "image/png", "image/gif",
            "image/webp", "image/heic", "image/heif", "image/tiff", "audio/mpeg", "audio/vnd.wave", "audio/x-wav",
            "audio/wav", "audio/mp4", "audio/amr", "video/mp4", "video/quicktime", "video/x-msvideo", "text/plain");
    private static final Map<String, String> OLE2_BY_EXTENSION = Map.of("doc", "application/msword",
            "xls", "application/vnd.ms-excel", "ppt", "application/vnd.ms-powerpoint",
            "wps", "application/vnd.ms-works", "et", "application/vnd.ms-excel", "dps", "application/vnd.ms-powerpoint");

    private ContentTypes() {
    }

    /** The allowed type of the file, or empty when its bytes are none of the allowed kinds. */
    static Optional<String> detect(Path file, String filename) throws IOException {
        String magic;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            magic = TIKA.detect(in);
        }
        if (BY_MAGIC.contains(magic)) {
            return Optional.of(magic);
        }
        return switch (magic) {
            case "application/zip", "application/x-tika-ooxml" -> zipKind(file);
            case "application/x-tika-msoffice" -> Optional.ofNullable(OLE2_BY_EXTENSION.get(extension(filename)));
            default -> Optional.empty();
        };
    }

    private static Optional<String> zipKind(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.getEntry("OFD.xml") != null) {
                return Optional.of("application/ofd");
            }
            if (zip.getEntry("[Content_Types].xml") != null) {
                if (zip.getEntry("word/document.xml") != null) {
                    return Optional.of("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
                }
                if (zip.getEntry("xl/workbook.xml") != null) {
                    return Optional.of("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                }
                if (zip.getEntry("ppt/presentation.xml") != null) {
                    return Optional.of("application/vnd.openxmlformats-officedocument.presentationml.presentation");
                }
            }
            return Optional.of("application/zip");
        } catch (ZipException | IllegalArgumentException unreadable) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("the spooled upload could not be read", e);
        }
    }

    private static String extension(String filename) {
        int dot = filename.lastIndexOf('.');
        return dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The category a file of this type falls in when the uploader named none. */
    static EvidenceCategory category(String contentType) {
        if (contentType.startsWith("image/")) {
            return EvidenceCategory.PHOTO;
        }
        if (contentType.startsWith("audio/")) {
            return EvidenceCategory.AUDIO;
        }
        return contentType.startsWith("video/") ? EvidenceCategory.VIDEO
                : EvidenceCategory.DOCUMENT;
    }
}
