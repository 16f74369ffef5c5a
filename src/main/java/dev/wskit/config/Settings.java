package dev.wskit.config;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One resolved value per {@link Setting}.
 *
 * <p>Immutable; safe to share between threads. The instance a web application runs with belongs to its
 * {@code dev.wskit.runtime.WskitRuntime}; there is no global one.
 */
public final class Settings {

    private final Map<Setting, Long> values;
    private final Map<Setting, String> texts;

    private Settings(Map<Setting, Long> values, Map<Setting, String> texts) {
        this.values = values;
        this.texts = texts;
    }

    /** Every setting at its default. */
    public static Settings defaults() {
        return resolve(name -> null);
    }

    /**
     * Resolves every setting: system property, then environment variable, then {@code contextParam}
     * (the web.xml context parameter), then the default.
     *
     * @throws IllegalArgumentException naming the setting, when a value is not a whole number within bounds
     */
    public static Settings resolve(Function<String, String> contextParam) {
        Map<Setting, Long> values = new EnumMap<>(Setting.class);
        Map<Setting, String> texts = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String raw = firstNonNull(System.getProperty(s.key()), System.getenv(s.envName()), contextParam.apply(s.key()));
            if (s.isText()) {
                texts.put(s, raw == null ? s.defaultText() : raw.trim());
            } else {
                values.put(s, raw == null ? s.defaultValue() : parse(s, raw.trim()));
            }
        }
        return new Settings(values, texts);
    }

    /** The same settings with one value replaced; for tests and embedding. */
    public Settings with(Setting setting, long value) {
        Map<Setting, Long> copy = new EnumMap<>(values);
        copy.put(setting, check(setting, value));
        return new Settings(copy, texts);
    }

    /** The same settings with one text value replaced; for tests and embedding. */
    public Settings withText(Setting setting, String value) {
        Map<Setting, String> copy = new EnumMap<>(texts);
        copy.put(textSetting(setting), Objects.requireNonNull(value));
        return new Settings(values, copy);
    }

    public long get(Setting setting) {
        Long value = values.get(setting);
        if (value == null) {
            throw new IllegalArgumentException(setting.key() + " is a text setting: read it with text()");
        }
        return value;
    }

    public int getInt(Setting setting) {
        return Math.toIntExact(get(setting));
    }

    /** The value of a text setting, trimmed; never {@code null}. */
    public String text(Setting setting) {
        return texts.get(textSetting(setting));
    }

    private static Setting textSetting(Setting setting) {
        if (!setting.isText()) {
            throw new IllegalArgumentException(setting.key() + " is a number setting: read it with get()");
        }
        return setting;
    }

    private static long parse(Setting s, String raw) {
        try {
            return check(s, Long.parseLong(raw));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s.key() + " must be a whole number of " + s.unit() + ", not '" + raw + "'", e);
        }
    }

    private static long check(Setting s, long value) {
        if (value < s.min() || value > s.max()) {
            throw new IllegalArgumentException(s.key() + " must be between " + s.min() + " and " + s.max() + " " + s.unit() + ", not " + value);
        }
        return value;
    }

    private static String firstNonNull(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return null;
    }

    /** Every value, secrets shown only as set or unset. */
    @Override
    public String toString() {
        Map<Setting, String> shown = new EnumMap<>(Setting.class);
        texts.forEach((setting, text) -> shown.put(setting,
                setting.isSecret() && !text.isEmpty() ? "(secret)" : withoutPassword(text)));
        return values + " " + shown;
    }

    /**
     * The text with a URI's password masked: everything between {@code scheme://} (or the start) and the last
     * {@code @} but a user name becomes {@code user:***}, so {@code wskit.backplane}'s
     * {@code redis://user:password@host} never reaches a log or an error message. Text without {@code @} is returned
     * as it is.
     */
    public static String withoutPassword(String text) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return text;
        }
        int sep = text.indexOf("://");
        String prefix = sep >= 0 && sep < at ? text.substring(0, sep + 3) : "";
        String info = text.substring(prefix.length(), at);
        int colon = info.indexOf(':');
        return prefix + (colon < 0 ? "***" : info.substring(0, colon) + ":***") + text.substring(at);
    }
}
