package dev.wskit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One Chromium window opened by {@link BrowserFixture}, with the few helpers browser tests need: find, type,
 * click, wait (polling with a timeout, never sleeping), run script, screenshot.
 *
 * <p>Not thread-safe: drive it from the test thread.
 */
public final class BrowserWindow implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path profile;
    private boolean closed;

    BrowserWindow(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        driver.manage().timeouts().scriptTimeout(Recorder.WAIT);
        driver.manage().timeouts().pageLoadTimeout(Recorder.WAIT);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Loads the page and waits until its scripts mark it ready ({@code <html data-ready="true">}). */
    public BrowserWindow go(URI page) {
        driver.get(page.toString());
        waitUntil(d -> "true".equals(find("html").getDomAttribute("data-ready")));
        return this;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    /** The field's current value (what the user would submit), not its initial attribute. */
    public String value(String css) {
        return find(css).getDomProperty("value");
    }

    public BrowserWindow type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    public BrowserWindow click(String css) {
        find(css).click();
        return this;
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs js whose last argument is the callback {@code done}; returns what it passes to done. */
    public Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** Polls until the condition yields a non-null, non-false value, for at most {@link Recorder#WAIT}. */
    public <T> T waitUntil(Function<WebDriver, T> condition) {
        return waitUntil(condition, Recorder.WAIT);
    }

    public <T> T waitUntil(Function<WebDriver, T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(20)).until(condition);
    }

    /** The messages the page wrote to the browser console (errors included). */
    public List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::toString).toList();
    }

    /** Saves the whole page (not only the visible part) as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(BrowserFixture.SCREENSHOTS);
            Path file = BrowserFixture.SCREENSHOTS.resolve(name + ".png");
            Files.write(file, fullPage());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Chromium's own capture beyond the viewport, through chromedriver (no DevTools client needed). */
    private byte[] fullPage() {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) script("""
                    const e = document.documentElement;
                    return { width: Math.max(e.scrollWidth, innerWidth), height: Math.max(e.scrollHeight, innerHeight) };
                    """);
            Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"),
                    "scale", 1);
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                    Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
            return Base64.getDecoder().decode((String) shot.get("data"));
        } catch (RuntimeException e) {
            return driver.getScreenshotAs(OutputType.BYTES);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } finally {
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A profile left in /tmp is harmless; the test result must not depend on cleaning it.
        }
    }
}
