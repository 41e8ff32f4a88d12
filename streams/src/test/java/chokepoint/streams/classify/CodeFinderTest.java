package chokepoint.streams.classify;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CodeFinderTest {

    @Test
    void findsHsCodesAndControlNumbersButNotDatesPricesOrWords() {
        CodeFinder.Codes codes = CodeFinder.find("商务部公告2025年第61号",
                "附件：参考海关商品编号 2805301100；技术 1E902.a 和 1E902.b；永磁体 8505.11.00 发布于2025.10；"
                        + "ECCN 3A090 and 4A090.a.1 apply; price $1234.56 and 1234.56% and version 12345.67; ABC3A090 no.");
        assertEquals(List.of("8505.11.00", "2805301100"), codes.hs());
        assertEquals(List.of("1E902.a", "1E902.b", "3A090", "4A090.a.1"), codes.control());
    }
}
