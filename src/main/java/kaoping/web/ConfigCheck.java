package kaoping.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.StartupEvent;

/**
 * A mistyped setting stops the start with its name, instead of being silently ignored (KAOPING_S3_SECRT_KEY would
 * leave the secret unset). The settings that exist are the ones application.properties declares, the README's one
 * list: every {@code kaoping.*} property there, and every {@code ${KAOPING_…}} variable its values read. Anything
 * else named {@code kaoping.*} (a system property, another config file) or {@code KAOPING_*} (the environment) is
 * unknown. SmallRye's own check of {@code @ConfigMapping} roots does not see mistyped environment variables.
 */
@ApplicationScoped
public class ConfigCheck {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(KAOPING_[A-Z0-9_]+)");
    private static final Pattern PROFILE = Pattern.compile("^%[^.]+\\.");

    void atStart(@Observes @Priority(1) StartupEvent start) {
        List<String> unknown = unknown(declared(), ConfigProvider.getConfig().getPropertyNames(), System.getenv().keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("Unknown setting(s) " + String.join(", ", unknown)
                    + ": not one of those application.properties declares (see the README's configuration table)");
        }
    }

    /** The names set in the environment or the configuration that application.properties does not declare. */
    static List<String> unknown(Properties declared, Iterable<String> configured, Set<String> environment) {
        Set<String> properties = new HashSet<>();
        Set<String> variables = new HashSet<>();
        for (String name : declared.stringPropertyNames()) {
            String bare = PROFILE.matcher(name).replaceFirst("");
            properties.add(bare);
            variables.add(variable(bare));
            Matcher used = VARIABLE.matcher(declared.getProperty(name));
            while (used.find()) {
                variables.add(used.group(1));
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (String name : configured) {
            String bare = PROFILE.matcher(name).replaceFirst("");
            // the configuration also lists each KAOPING_* variable as a dotted name (kaoping.bootstrap.api.key):
            // those are judged as variables, below
            if (bare.startsWith("kaoping.") && !properties.contains(bare) && !variables.contains(variable(bare))
                    && !environment.contains(variable(bare))) {
                unknown.add(bare);
            }
        }
        environment.stream().filter(v -> v.startsWith("KAOPING_") && !variables.contains(v)).forEach(unknown::add);
        return List.copyOf(unknown);
    }

    /** The environment variable that sets a property (MicroProfile Config's rule). */
    private static String variable(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** Every application.properties of the application (its own, and a test's beside it). */
    private static Properties declared() {
        Properties all = new Properties();
        try {
            for (URL url : Collections.list(Thread.currentThread().getContextClassLoader().getResources("application.properties"))) {
                try (InputStream in = url.openStream()) {
                    all.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("application.properties cannot be read", e);
        }
        return all;
    }
}
