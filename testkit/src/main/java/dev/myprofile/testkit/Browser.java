package dev.myprofile.testkit;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * Debian's headless Chromium, driven by Selenium, with what every browser test does with it: wait
 * and click, read text, list the ids of a list's items, check the console stayed clean, take a
 * screenshot. The paths are given so Selenium Manager never tries the network; the flags are the
 * ones this machine kind needs (root, no GPU, closed network).
 */
public final class Browser implements AutoCloseable {
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    public static Browser start() throws IOException {
        return start("en-US");
    }

    /**
     * A browser whose person reads {@code language} (a BCP 47 tag): the page sees it in
     * {@code navigator.languages} and in Accept-Language, as with a browser set up in that language.
     */
    public static Browser start(String language) throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver "
                    + "(apt-get install -y chromium chromium-driver); local/test installs them.");
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--disable-quic", "--window-size=1280,900", "--lang=" + language,
                        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Waits up to 15 s, the patience every browser test has. */
    public WebDriverWait waitFor() {
        return wait;
    }

    public void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    public WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public String text(By by) {
        return driver.findElement(by).getText();
    }

    /** The ids of the elements {@code css} selects, in page order. */
    public List<String> ids(String css) {
        List<String> ids = new ArrayList<>();
        for (WebElement element : driver.findElements(By.cssSelector(css))) {
            ids.add(element.getAttribute("id"));
        }
        return ids;
    }

    /**
     * Forgets every site's cookies, as a new visitor has none. WebDriver's deleteAllCookies forgets only
     * the current page's host, and a sign-in's session lives on another (the local sign-in on 127.0.0.1
     * while the portal is on localhost, as managed login is on its own domain in AWS).
     */
    public void forgetAllCookies() {
        driver.executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
    }

    /** Drops what the console said so far, so a test sees only its own messages. */
    public void forgetConsoleMessages() {
        driver.manage().logs().get(LogType.BROWSER);
    }

    /** No SEVERE console entry (CSP, script errors), except expected failed requests named by their text. */
    public void assertNoConsoleErrors(String... expected) {
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> List.of(expected).stream().noneMatch(e.getMessage()::contains))
                .toList();
        if (!errors.isEmpty()) {
            throw new AssertionError("browser console errors (CSP, scripts): " + errors);
        }
    }

    /** A screenshot in {@code target/}, at the given window size. */
    public void screenshot(String name, int width, int height) throws IOException {
        driver.manage().window().setSize(new Dimension(width, height));
        Path shot = Path.of("target", name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * The folder under the module's {@code target/} where the browser tests leave a screenshot of every
     * page at both widths, in each language, for a reviewer to look at (the README names it).
     */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /**
     * A screenshot of the whole page at the given width, in {@link #SCREENSHOTS}: the window is made as
     * tall as the page (at least {@code minHeight}), then put back to {@code minHeight}.
     */
    public Path screenshotWholePage(String name, int width, int minHeight) throws IOException {
        driver.manage().window().setSize(new Dimension(width, minHeight));
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(width, Math.max(minHeight, height.intValue() + 140)));
        Path shot = SCREENSHOTS.resolve(name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(new Dimension(width, minHeight));
        return shot;
    }

    /** Sets the window's size (its outer size; the page's viewport is what the window leaves). */
    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /**
     * The text of an element whether it is shown or not (a live region the page keeps visually
     * hidden while the same words stand beside the card acted on), with white space collapsed.
     */
    public String textContent(By by) {
        return driver.findElement(by).getAttribute("textContent").replaceAll("\\s+", " ").strip();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
