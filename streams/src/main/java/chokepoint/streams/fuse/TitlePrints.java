package chokepoint.streams.fuse;

import java.util.List;

/** The title prints remembered under one band of the SimHash, oldest first. */
public record TitlePrints(List<TitlePrint> prints) {

    public TitlePrints {
        prints = prints == null ? List.of() : List.copyOf(prints);
    }
}
