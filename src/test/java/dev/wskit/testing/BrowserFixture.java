package dev.wskit.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Real Chromium for browser tests: Debian's {@code /usr/bin/chromium} driven through {@code /usr/bin/chromedriver},
 * both named explicitly so Selenium Manager never runs and nothing is downloaded. Register it with
 * {@code @RegisterExtension static final BrowserFixture browsers = new BrowserFixture();}, then
 * {@link #open()} as many windows as a test needs: each is its own Chromium with a fresh profile, so two windows
 * are two independent users (no shared cookies, storage or cache). Windows still open after a test are closed.
 *
 * <p>Without Chromium the test class is skipped with a loud message; with {@code CI=true} it fails instead.
 * Paths can be overridden with {@code WSKIT_CHROMIUM} and {@code WSKIT_CHROMEDRIVER}.
 *
 * <p>Not thread-safe: open and close windows from the test thread.
 */
public final class BrowserFixture implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    public static final Path CHROMIUM = Path.of(env("WSKIT_CHROMIUM", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(env("WSKIT_CHROMEDRIVER", "/usr/bin/chromedriver"));
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** Desktop size of a new window; {@link #open(Dimension)} for others (e.g. a phone). */
    public static final Dimension DESKTOP = new Dimension(1280, 1000);

    /** A phone's viewport (CSS pixels); headless Chromium windows cannot be this narrow, so it is emulated. */
    public static final Dimension PHONE = new Dimension(390, 844);

    /** Headless Chromium's narrowest window; narrower sizes are emulated as a mobile viewport. */
    private static final int NARROWEST_WINDOW = 500;

    /**
     * Flags that let Chromium run as root in a container with a closed network: without the background-networking
     * ones it tries to reach Google services and the refused connections disturb page loads.
     */
    private static final List<String> FLAGS = List.of(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
            "--hide-scrollbars", "--force-device-scale-factor=1");

    /**
     * Selenium looks for a DevTools binding matching the browser on every start and warns when Debian's Chromium
     * is newer than the bindings; the tests use WebDriver and chromedriver's own CDP endpoint, not the bindings.
     * Held here so the level sticks (java.util.logging keeps loggers weakly).
     */
    private static final java.util.logging.Logger CDP_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");
    private static final java.util.logging.Logger CDP_OPTIONAL = quiet("org.openqa.selenium.chromium.ChromiumDriver");

    private final List<BrowserWindow> open = new ArrayList<>();

    /** True when both binaries are present and executable. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!available() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(missing() + "; CI=true, so this is a failure, not a skip");
        }
        if (!available()) {
            System.err.println("""

                    ************************************************************************
                    SKIPPING the browser tests of %s
                    %s
                    ************************************************************************
                    """.formatted(context.getDisplayName(), missing()));
        }
    }

    /** Skips each test (so the build's summary counts them as skipped, with the reason) when Chromium is missing. */
    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(available(), BrowserFixture::missing);
    }

    private static String missing() {
        return "SKIPPED: Chromium browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver)";
    }

    /** A new desktop-sized window with its own browser profile. */
    public BrowserWindow open() {
        return open(DESKTOP);
    }

    /** A new window of the given size with its own browser profile. */
    public BrowserWindow open(Dimension size) {
        Path profile;
        try {
            profile = Files.createTempDirectory("wskit-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException("no temp dir for a Chromium profile", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile, "--window-size=" + size.width + "," + size.height);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", profile.toString()));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        if (size.width < NARROWEST_WINDOW) {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                    "width", size.width, "height", size.height, "deviceScaleFactor", 1, "mobile", true));
        }
        BrowserWindow window = new BrowserWindow(driver, profile);
        open.add(window);
        return window;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeAll();
    }

    private void closeAll() {
        for (BrowserWindow window : open) {
            window.close();
        }
        open.clear();
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
