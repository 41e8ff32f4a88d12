package chokepoint.config;

import java.util.List;

/**
 * How to read a document's own page. Each field is a CSS selector (its text), {@code selector@attribute} (an
 * attribute, e.g. {@code meta[name=PubDate]@content}), or {@code script:name} (the value of an inline script variable,
 * {@code var title = '…'}, where that is all a page has); several may be given separated by {@code ||}, the first that
 * yields something wins.
 *
 * @param title        the document's title
 * @param body         its text
 * @param date         its date (2025年10月09日, 2026-09-29 17:03 and [2026-09-29] are read, in the publisher's zone)
 * @param header       an announcement's header block (【发布单位】【发布文号】【发文日期】): issuer, number and date
 * @param failureTexts texts that mark a page the server failed to build ("[an error occurred while processing this
 *                     directive]"): such a page is a failed fetch, not an empty document
 */
public record DetailSpec(String title, String body, String date, String header, List<String> failureTexts) {

    public DetailSpec {
        failureTexts = failureTexts == null ? List.of() : List.copyOf(failureTexts);
    }
}
