package chokepoint.records;

/**
 * One entry of a published list that has no change feed (the US Consolidated Screening List), as last seen, on the
 * compacted {@code chokepoint.ingest.list-entries} topic keyed by {@code sourceId|entryId}; a tombstone when it left
 * the list. Comparing a new snapshot with these turns list changes into items.
 *
 * @param name    the listed party
 * @param list    which list (Entity List, SDN, ...)
 * @param country its country, when given
 * @param link    the notice or page that listed it, when given
 */
public record ListEntry(String name, String list, String country, String link) implements Complete {
    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"name"}, name);
    }

}
