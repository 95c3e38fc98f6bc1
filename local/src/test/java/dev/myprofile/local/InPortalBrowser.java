package dev.myprofile.local;

import dev.myprofile.testkit.Browser;
import dev.myprofile.testkit.BrowserTests;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a browser test works with, set by its {@link BrowserTests} extension (see {@link PortalBrowser}):
 * the local portal, the browser, its driver and its 15-second wait.
 */
abstract class InPortalBrowser {
    protected LocalPortal portal;
    protected Browser session;
    protected ChromeDriver browser;
    protected WebDriverWait wait;
}
