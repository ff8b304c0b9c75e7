package kaoping.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Dependencies between the feature packages point one way: a package may use those before it in {@link #ORDER},
 * never one after it. That also rules out every package cycle, except through the pairs still listed in
 * {@link #LEFT}: those are known and to be removed (the test fails when one is gone but still listed, so the list
 * only shrinks), and any new pair fails the build.
 */
class ArchitectureTest {
    /** Cross-cutting first, then the features in the order they build on each other. */
    private static final List<String> ORDER = List.of("web", "db", "persistence", "engine", "org", "access", "audit", "plan",
            "indicator", "responsibility", "evidence", "assessment", "reporting", "scoring", "sheet", "supervision", "events");

    /** Earlier packages that still use a later one (from → to): left to break with interfaces or CDI events. */
    private static final Set<String> LEFT = Set.of(
            "org -> access",            // org's services ask the Caller; the Caller reads a person
            "access -> audit");         // a failed login is recorded by audit, which reads the throttle back

    @Test
    void earlierPackagesNeverDependOnLaterOnes() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("kaoping");
        Set<String> backwards = new TreeSet<>();
        for (JavaClass c : classes) {
            String from = feature(c);
            c.getDirectDependenciesFromSelf().forEach(d -> {
                String to = feature(d.getTargetClass());
                if (from != null && to != null && ORDER.indexOf(from) < ORDER.indexOf(to)) {
                    backwards.add(from + " -> " + to);
                }
            });
        }
        assertEquals(new TreeSet<>(LEFT), backwards, "dependencies from an earlier package on a later one; order: " + ORDER);
    }

    /** The feature package a class belongs to (the scoring engine is its own, a pure one); null outside them. */
    private static String feature(JavaClass c) {
        String name = c.getPackageName();
        if (!name.startsWith("kaoping.") || name.startsWith("kaoping.api")) {
            return null;
        }
        String feature = name.startsWith("kaoping.scoring.engine") ? "engine" : name.split("\\.")[1];
        if (!ORDER.contains(feature)) {
            throw new AssertionError("package " + name + " has no place in the order " + ORDER);
        }
        return feature;
    }
}
