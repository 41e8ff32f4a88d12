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

    /**
     * 【发文日期】2025年10月09日 (the 2024 layout) or 发文日期：2026年9月7日 (the 2026 layout, as a 2026 public scraper reads
     * it); the value runs to the next field or the end of the line.
     */
    private static final Pattern FIELD = Pattern.compile(
            "(?:【(发布单位|发布文号|发文日期|成文日期)】|(发布单位|发布文号|发文日期|成文日期)\\s*[：:])\\s*"
                    + "((?:(?!发布单位|发布文号|发文日期|成文日期)[^【\\n])*)");

    private static final Pattern DATE = Pattern.compile("\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{4}-\\d{1,2}-\\d{1,2}");

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
            String value = matcher.group(3).strip();
            if (value.isEmpty()) {
                continue;
            }
            switch (matcher.group(1) != null ? matcher.group(1) : matcher.group(2)) {
                case "发布单位" -> fields.put("issuer", value);
                case "发布文号" -> fields.put("documentNumber", value);
                default -> {
                    // In the 2026 layout the block runs on into the text: the date is what it starts with.
                    Matcher date = DATE.matcher(value);
                    fields.putIfAbsent("issued", date.lookingAt() ? date.group() : value);
                }
            }
        }
        return fields;
    }
}
