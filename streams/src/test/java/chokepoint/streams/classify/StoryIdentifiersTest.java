package chokepoint.streams.classify;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StoryIdentifiersTest {

    @Test
    void federalRegisterNumbersFromTheLinkAndFromTheFrDocLine() {
        assertEquals(Set.of("fr:2025-19508"), StoryIdentifiers.find("Entity List additions", "",
                "https://www.federalregister.gov/documents/2025/10/09/2025-19508/additions-to-the-entity-list"));
        assertEquals(Set.of("fr:2024-03674", "fr:2024-00001"), StoryIdentifiers.find("t",
                "[FR Doc. 2024-03674 Filed 2-21-24] and FR Doc No. 2024-00001", null));
        assertEquals(Set.of(), StoryIdentifiers.find("t", "federalregister.gov/ has no number here; FR Doc pending", null));
    }

    @Test
    void announcementsOfMofcomInChineseAndEnglish() {
        assertEquals(Set.of("cn:mofcom:2023-23"), StoryIdentifiers.find("商务部 海关总署公告2023年第23号 关于对镓、锗相关物项实施出口管制的公告", "", null));
        assertEquals(Set.of("cn:mofcom:2025-61"), StoryIdentifiers.find("MOFCOM Announcement No. 61 of 2025 on rare earths", "", null));
        assertEquals(Set.of("cn:mofcom:order-2025-5"), StoryIdentifiers.find("商务部令2025年第5号 关于对欧盟两家金融机构实施反制措施的决定", "", null),
                "orders are numbered apart from announcements");
    }

    @Test
    void celexNumbersOnlyAsWholeTokens() {
        assertEquals(Set.of("celex:32025R1234", "celex:31999L0044"), StoryIdentifiers.find("Regulation 32025R1234",
                "amending 31999L0044.", null));
        assertEquals(Set.of(), StoryIdentifiers.find("x", "A132025R1234 and 32025R12345 and 32025X1234 and 33025R1234", null));
    }

    @Test
    void anEuActsOwnNumberComesFromItsTitlesOpeningOrItsEliLinkNotFromActsItCites() {
        assertEquals(java.util.Set.of("celex:32024R1866"), StoryIdentifiers.find(
                "Commission Implementing Regulation (EU) 2024/1866 of 3 July 2024 imposing a provisional countervailing duty", "",
                "https://eur-lex.europa.eu/eli/reg_impl/2024/1866/oj"));
        assertEquals(java.util.Set.of("celex:32024R2754"), StoryIdentifiers.find("Definitive duties on electric cars", "",
                "https://eur-lex.europa.eu/eli/reg_impl/2024/2754/oj"));
        assertEquals(java.util.Set.of(), StoryIdentifiers.find("Notice concerning the restrictive measures of Regulation (EU) No 269/2014",
                "", "https://example.org/notice"), "an act cited is not the story's own");
        assertEquals(java.util.Set.of("celex:32024D1485"), StoryIdentifiers.find(
                "Council Decision (CFSP) 2024/1485 amending Decision 2014/145/CFSP", "", null));
    }
}
