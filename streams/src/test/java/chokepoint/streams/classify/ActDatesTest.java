package chokepoint.streams.classify;

import chokepoint.records.ActDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The dates acts give themselves, in Chinese and English, and dates that are not theirs. */
class ActDatesTest {

    private static final LocalDate PUBLISHED = LocalDate.of(2025, 10, 9);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            本公告第二条自2025年12月1日起正式实施。                                       | effective 2025-12-01
            本公告自公布之日起正式实施。                                                  | effective 2025-10-09
            现决定，暂停实施商务部公告2025年第61号，暂停实施至2026年11月10日。               | until 2026-11-10
            将暂停实施期限延长至2027年11月10日。                                          | until 2027-11-10
            本决定于2025年11月10日起施行。                                                | effective 2025-11-10
            商务部于2025年10月9日发布公告。                                               |
            DATES: This rule is effective March 4, 2025.                                  | effective 2025-03-04
            Effective July 6, 2018, the U.S. will impose tariffs.                        | effective 2018-07-06
            The measures shall apply from 1 January 2026.                                 | effective 2026-01-01
            This Regulation shall enter into force on 1 December 2025.                    | effective 2025-12-01
            This Regulation shall enter into force on the day following that of its publication in the Official Journal. | effective 2025-10-10
            This Decision shall enter into force on the twentieth day following that of its publication. | effective 2025-10-29
            The suspension of the additional duties remains in effect until November 10, 2026. | until 2026-11-10
            The general license expires on December 31, 2026.                             | until 2026-12-31
            On March 4, 2025, the Department published a rule.                            |
            Comments must be received by April 1, 2025.                                   |
            """)
    void readsTheDatesAnActGivesItself(String text, String expected) {
        List<ActDate> dates = ActDates.find("", text, PUBLISHED);
        String found = dates.stream().map(d -> d.kind() + " " + d.date()).reduce((a, b) -> a + "; " + b).orElse(null);
        assertEquals(expected, found);
    }
}
