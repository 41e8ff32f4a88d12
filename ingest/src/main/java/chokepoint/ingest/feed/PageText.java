package chokepoint.ingest.feed;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes from Chinese government sites as text: UTF-8 when the server says so or the bytes are valid UTF-8, else
 * GB18030 (which reads GB2312 and GBK), as the scrapers of these sites do. HTML pages go to Jsoup, which also honours
 * a {@code <meta charset>}.
 */
public final class PageText {

    private static final Pattern CHARSET = Pattern.compile("charset=\"?([\\w.-]+)", Pattern.CASE_INSENSITIVE);
    private static final Charset GB18030 = Charset.forName("GB18030");

    private PageText() {
    }

    /** The text of a JSON or plain answer. */
    public static String decode(byte[] body, String contentType) {
        Charset declared = declared(contentType);
        if (declared != null) {
            return new String(body, declared);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(body, GB18030);
        }
    }

    /** An HTML page, its charset from the header, else its meta tag, else UTF-8 or GB18030 by the bytes. */
    public static Document html(byte[] body, String contentType, String baseUri) {
        Charset declared = declared(contentType);
        try {
            if (declared == null && !validUtf8(body) && !declaresCharset(body)) {
                declared = GB18030;
            }
            return Jsoup.parse(new ByteArrayInputStream(body), declared == null ? null : declared.name(), baseUri);
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes already in memory", e);
        }
    }

    private static boolean declaresCharset(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 2048), StandardCharsets.ISO_8859_1).toLowerCase();
        return head.contains("charset");
    }

    private static boolean validUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static Charset declared(String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher matcher = CHARSET.matcher(contentType);
        if (!matcher.find()) {
            return null;
        }
        try {
            String name = matcher.group(1);
            // GB2312 and GBK pages use characters beyond their tables: read them with the superset.
            return name.equalsIgnoreCase("gb2312") || name.equalsIgnoreCase("gbk") ? GB18030 : Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
            return null;
        }
    }
}
