package chokepoint.ingest.feed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header block of a Chinese ministry's announcement: 【发布单位】 (issuer), 【发布文号】 (document number, e.g.
 * 商务部公告2025年第61号) and 【发文日期】 (date). The number names the act, so copies of the story and follow-ups that
 * cite it are found by it.
 */
final class AnnouncementHeader {

    private static final Pattern FIELD = Pattern.compile("【(发布单位|发布文号|发文日期|成文日期)】\\s*([^【\\n]*)");

    private AnnouncementHeader() {
    }

    /** {@code issuer}, {@code documentNumber} and {@code issued}, as far as the block states them. */
    static Map<String, String> read(String block) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (block == null) {
            return fields;
        }
        Matcher matcher = FIELD.matcher(block);
        while (matcher.find()) {
            String value = matcher.group(2).strip();
            if (value.isEmpty()) {
                continue;
            }
            switch (matcher.group(1)) {
                case "发布单位" -> fields.put("issuer", value);
                case "发布文号" -> fields.put("documentNumber", value);
                default -> fields.putIfAbsent("issued", value);
            }
        }
        return fields;
    }
}
