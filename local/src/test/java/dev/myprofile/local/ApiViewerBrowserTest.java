package dev.myprofile.local;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.myprofile.testkit.BrowserTests;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.Project;
import dev.myprofile.testkit.SamTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local runtime serves openapi.yaml and a readable view of it (the vendored Swagger UI), under a
 * strict Content-Security-Policy: a person opening /api-docs/ sees every route of the template.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiViewerBrowserTest extends InPortalBrowser {
    private final HttpClient http = HttpClient.newHttpClient();
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.of(() -> LocalPortal.start(0, Optional.of(Moto.shared().endpoint())))
            .eachTest(BrowserTests.Fresh.AS_LEFT)
            .lastLook(web -> web.session().screenshot("api-docs.png", 1280, 900));

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(portal.url()).resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_document_is_served_as_it_is_in_the_repository() throws Exception {
        HttpResponse<String> document = get(LocalPortal.API_DOCUMENT);
        assertEquals(200, document.statusCode());
        assertTrue(document.headers().firstValue("content-type").orElse("").startsWith("application/yaml"));
        assertEquals(Files.readString(Project.root().resolve("openapi.yaml")), document.body());
    }

    @Test
    void the_viewer_page_has_a_strict_policy_of_its_own() throws Exception {
        HttpResponse<String> page = get(LocalPortal.API_VIEWER);
        assertEquals(200, page.statusCode());
        String policy = page.headers().firstValue("content-security-policy").orElse("");
        assertTrue(policy.contains("script-src 'self';"), policy);
        assertFalse(policy.contains("unsafe-inline") || policy.contains("unsafe-eval"), policy);
        assertFalse(page.body().contains("<script>"), "no inline script");
        assertEquals(308, get("/api-docs").statusCode());
    }

    @Test
    void a_person_opening_the_viewer_sees_every_route_of_the_template() {
        browser.get(portal.url() + LocalPortal.API_VIEWER.substring(1));
        Set<String> routes = SamTemplate.load().routes().stream().map(SamTemplate.Route::routeKey)
                .collect(Collectors.toCollection(TreeSet::new));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(b -> b.findElements(By.cssSelector(".opblock")).size() >= routes.size());

        Set<String> shown = new TreeSet<>();
        for (WebElement operation : browser.findElements(By.cssSelector(".opblock-summary"))) {
            String method = operation.findElement(By.cssSelector(".opblock-summary-method")).getText();
            String path = operation.findElement(By.cssSelector(".opblock-summary-path")).getAttribute("data-path");
            shown.add(method + " " + path);
        }
        assertEquals(routes, shown);
        assertTrue(browser.findElement(By.cssSelector(".info .title")).getText().contains("My Profile API"));
        session.assertNoConsoleErrors();
    }

    /**
     * Issue 24: axe-core's WCAG 2.1 A and AA rules find nothing on the viewer, folded and with an
     * operation opened, at a laptop's width and a phone's.
     */
    @Test
    void the_viewer_has_no_accessibility_violation_at_both_widths() {
        for (int[] size : List.of(new int[] {1280, 800}, new int[] {390, 844})) {
            session.resize(size[0], size[1]);
            browser.get(portal.url() + LocalPortal.API_VIEWER.substring(1));
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(b -> !b.findElements(By.cssSelector(".opblock")).isEmpty());
            List<String> violations = new ArrayList<>();
            violations.addAll(axe("folded, " + size[0]));
            browser.findElement(By.cssSelector(".opblock-summary-control")).click();
            wait.until(b -> !b.findElements(By.cssSelector(".opblock-body")).isEmpty());
            violations.addAll(axe("an operation opened, " + size[0]));
            assertTrue(violations.isEmpty(), () -> String.join("\n", violations));
        }
        session.resize(1280, 900);
    }

    private List<String> axe(String state) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        return results.getViolations().stream()
                .map(rule -> state + ": " + rule.getId() + " " + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList())
                .toList();
    }
}
