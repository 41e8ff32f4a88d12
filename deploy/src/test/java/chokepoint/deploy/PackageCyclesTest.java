package chokepoint.deploy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * No package of the main code reaches itself through others: each package stands above what it uses, so that it can
 * be read, tested and moved without the rest. Read from the compiled classes of every module this one depends on
 * (records, outbound, ingest, streams, alerts, deploy), so that a type named in full without an import counts too.
 */
class PackageCyclesTest {

    /** The main classes only: tests may reach across packages as they please. */
    private static final ImportOption MAIN_ONLY = location -> !location.contains("/test-classes/")
            && !location.contains("-tests.jar") && !location.contains("/build/classes/java/test/");

    @Test
    void noPackageCycles() {
        JavaClasses main = new ClassFileImporter().withImportOption(MAIN_ONLY).importPackages("chokepoint");
        slices().matching("chokepoint.(**)")
                .should().beFreeOfCycles()
                // The classifier loads the learned model it combines with its rules, and the model is trained on the
                // classifier's output: the one cycle left, for the work on the learned layer (streams/…/learn) to
                // break.
                .ignoreDependency(resideInAPackage("chokepoint.streams.classify"), resideInAPackage("chokepoint.streams.learn"))
                .check(main);
    }
}
