package chokepoint.streams.classify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clauses of Chinese official titles. A ministry's spokesperson answers on a matter — "商务部新闻发言人就美将我多家实体
 * 列入出口管制'实体清单'事答记者问" — and the matter, between 就 and 答记者问 (or 表态, 应询, 发表声明), has its own
 * subject: here the United States acts, and China (我) is its target. So has what a ministry opposes: the other
 * government's measure.
 */
final class ChineseClauses {

    private static final Pattern MATTER = Pattern.compile("就(.+?)(?:事|问题|有关问题)?(?:应询)?(?:答记者问|表态|发表声明|回应|应询)");

    /** A ministry that opposes what another government did: "商务部：坚决反对欧盟第20轮对俄制裁列单中国企业". */
    private static final Pattern OPPOSED = Pattern.compile("(?:坚决)?反对(.+)");

    private ChineseClauses() {
    }

    /** Where the matter a speaker speaks about begins in a title, or 0 when the title is not of that form. */
    static int matterStart(String title) {
        Matcher matter = MATTER.matcher(title);
        if (matter.find()) {
            return matter.start(1);
        }
        Matcher opposed = OPPOSED.matcher(title);
        return opposed.find() ? opposed.start(1) : 0;
    }
}
