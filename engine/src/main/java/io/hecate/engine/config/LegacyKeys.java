package io.hecate.engine.config;

/** Keys of the original service that {@code hecate config migrate} rewrites. */
final class LegacyKeys {

    static final String DEFAULT_BUDGET = "default_budget_seconds";
    static final String SAFETY_FACTOR = "runtime_safety_factor";
    static final String LEGACY_SAFETY_FACTOR = "1.10";
    static final String SAFETY_FACTOR_DEFAULT = "1.25";

    private LegacyKeys() {
    }

    static String hintFor(String key) {
        if (DEFAULT_BUDGET.equals(key) || SAFETY_FACTOR.equals(key)) {
            return "it is a legacy key: run `hecate config migrate <file>`";
        }
        return null;
    }
}
