package dev.myprofile.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The browser tests' set-up, once: a JUnit 5 extension that starts the site the browser visits (the
 * local portal) and Chromium ({@link Browser}) before the class's tests, readies the browser before
 * each test, takes the class's last look (screenshots of the pages as a person finds them) and closes
 * both after the last test, whatever failed. Register it on an instance field of a
 * {@code @TestInstance(PER_CLASS)} test:
 * <pre>{@code
 * @RegisterExtension
 * final BrowserTests<LocalPortal> web = BrowserTests.of(() -> LocalPortal.start(0, …, exchanges), LocalPortal::url)
 *         .eachTest(BrowserTests.Fresh.NEW_VISITOR)
 *         .afterEach(exchanges::assertKept);
 * }</pre>
 * The test's fields of the site's type, {@link Browser}, {@link ChromeDriver} and {@link WebDriverWait}
 * are set to what it started (again whenever the site is started afresh), so a test reads and asserts
 * as it did when it started them itself; {@link #site()}, {@link #session()}, {@link #driver()} and
 * {@link #waitFor()} give the same.
 *
 * @param <S> the site: started before the tests (or before each, {@link #siteEachTest()}), closed after
 */
public final class BrowserTests<S extends AutoCloseable>
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    /** Starts the site. */
    @FunctionalInterface
    public interface Start<S> {
        S start() throws Exception;
    }

    /** A step that may throw, as test code does. */
    @FunctionalInterface
    public interface Step<T> {
        void run(T value) throws Exception;
    }

    /** How the browser is readied before each test, after the extension's own steps. */
    public enum Fresh {
        /** Nothing: the browser stays as the last test left it, console messages included. */
        AS_LEFT,
        /** Only the console is forgotten, so a test sees its own messages only. */
        CONSOLE,
        /** No session at the sign-in or the site: every site's cookies forgotten, the site opened, the console forgotten. */
        SIGNED_OUT,
        /** A visitor who has never been here: the site opened, every cookie and the site's storage forgotten, the console forgotten. */
        NEW_VISITOR
    }

    private final Start<S> start;
    private final Function<S, String> url;
    private String language = "en-US";
    private boolean siteEachTest;
    private Fresh fresh = Fresh.CONSOLE;
    private final List<Step<BrowserTests<S>>> beforeSite = new ArrayList<>();
    private final List<Step<BrowserTests<S>>> beforeEach = new ArrayList<>();
    private final List<Step<BrowserTests<S>>> afterEach = new ArrayList<>();
    private final List<Step<BrowserTests<S>>> afterAll = new ArrayList<>();
    private Step<BrowserTests<S>> lastLook;

    private Object testInstance;
    private S site;
    private Browser session;

    private BrowserTests(Start<S> start, Function<S, String> url) {
        this.start = start;
        this.url = url;
    }

    /** @param url the address the browser opens the site at */
    public static <S extends AutoCloseable> BrowserTests<S> of(Start<S> start, Function<S, String> url) {
        return new BrowserTests<>(start, url);
    }

    /** The person's language (a BCP 47 tag) the browser is set up in (default en-US): see {@link Browser#start(String)}. */
    public BrowserTests<S> language(String tag) {
        this.language = tag;
        return this;
    }

    /** A fresh site before each test (the previous one closed first), for tests that each need the demo data as new. */
    public BrowserTests<S> siteEachTest() {
        this.siteEachTest = true;
        return this;
    }

    /** How the browser is readied before each test (default {@link Fresh#CONSOLE}). */
    public BrowserTests<S> eachTest(Fresh fresh) {
        this.fresh = fresh;
        return this;
    }

    /** With {@link #siteEachTest()}: a step before each site is started (after the previous one is closed). */
    public BrowserTests<S> beforeSite(Step<BrowserTests<S>> step) {
        beforeSite.add(step);
        return this;
    }

    /** A step before each test, once the site and browser are up and before the browser is readied ({@link #eachTest}). */
    public BrowserTests<S> beforeEach(Step<BrowserTests<S>> step) {
        beforeEach.add(step);
        return this;
    }

    /** A step after each test (an API-description check of its exchanges, say). */
    public BrowserTests<S> afterEach(Runnable step) {
        afterEach.add(ignored -> step.run());
        return this;
    }

    /** A step after each test, given this extension. */
    public BrowserTests<S> afterEachTest(Step<BrowserTests<S>> step) {
        afterEach.add(step);
        return this;
    }

    /**
     * After the last test, while the browser is still open: a fresh look at the pages as a person finds
     * them (screenshots for a reviewer). The browser and the site are closed afterwards even when it fails.
     */
    public BrowserTests<S> lastLook(Step<BrowserTests<S>> step) {
        this.lastLook = step;
        return this;
    }

    /** A step after the browser and the site are closed. */
    public BrowserTests<S> afterAll(Runnable step) {
        afterAll.add(ignored -> step.run());
        return this;
    }

    public S site() {
        return site;
    }

    public String url() {
        return url.apply(site);
    }

    public Browser session() {
        return session;
    }

    public ChromeDriver driver() {
        return session.driver();
    }

    public WebDriverWait waitFor() {
        return session.waitFor();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        testInstance = context.getTestInstance().orElseThrow(() -> new IllegalStateException(
                "BrowserTests needs @TestInstance(PER_CLASS) and an instance field annotated @RegisterExtension"));
        if (!siteEachTest) {
            site = start.start();
        }
        session = Browser.start(language);
        inject();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (siteEachTest) {
            closeSite();
            for (Step<BrowserTests<S>> step : beforeSite) {
                step.run(this);
            }
            site = start.start();
            inject();
        }
        for (Step<BrowserTests<S>> step : beforeEach) {
            step.run(this);
        }
        switch (fresh) {
            case AS_LEFT -> {
                return;
            }
            case CONSOLE -> { }
            case SIGNED_OUT -> {
                session.forgetAllCookies();
                driver().get(url());
            }
            case NEW_VISITOR -> {
                driver().get(url());
                session.forgetAllCookies();
                driver().executeScript("localStorage.clear(); sessionStorage.clear();");
            }
        }
        session.forgetConsoleMessages();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (Step<BrowserTests<S>> step : afterEach) {
            step.run(this);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (session != null && lastLook != null && site != null) {
                lastLook.run(this);
            }
        } finally {
            try {
                if (session != null) {
                    session.close();
                }
            } finally {
                closeSite();
            }
        }
        for (Step<BrowserTests<S>> step : afterAll) {
            step.run(this);
        }
    }

    private void closeSite() throws Exception {
        if (site != null) {
            S closing = site;
            site = null;
            closing.close();
        }
    }

    /**
     * Sets each of the test's fields whose type names exactly one of the site, the Browser, its
     * ChromeDriver and its WebDriverWait to that one; two such fields for one value is a mistake.
     */
    private void inject() throws IllegalAccessException {
        List<Object> values = new ArrayList<>(List.of(session, session.driver(), session.waitFor()));
        if (site != null) {
            values.add(site);
        }
        for (Object value : values) {
            Field target = null;
            for (Class<?> type = testInstance.getClass(); type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    int modifiers = field.getModifiers();
                    if (Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers) || !field.getType().isInstance(value)
                            || values.stream().filter(field.getType()::isInstance).count() != 1) {
                        continue;
                    }
                    if (target != null) {
                        throw new IllegalStateException("BrowserTests sets one field of each kind; " + testInstance.getClass().getSimpleName()
                                + " has two for " + value.getClass().getSimpleName() + ": " + target.getName() + ", " + field.getName());
                    }
                    target = field;
                }
            }
            if (target != null) {
                target.setAccessible(true);
                target.set(testInstance, value);
            }
        }
    }
}
