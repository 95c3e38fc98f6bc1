package dev.myprofile.local;

import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import dev.myprofile.shared.dynamodb.UserKey;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Browser;
import dev.myprofile.testkit.BrowserTests;
import dev.myprofile.testkit.Moto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A problem the server answers is shown in the page's language, by its type, never in the server's
 * English detail (issue 22 item 4): a Swedish person renames a device that the cleanup removed while
 * the form was open, and reads the refusal in Swedish. In a real browser against the local runtime,
 * at a desktop window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemLanguageBrowserTest {
    private static final String DEVICE = "d-gone-while-renaming";

    /** Every API exchange the runtime makes for this test, checked against openapi.yaml. */
    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    /** The development provider's portal, in a browser in Swedish. */
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.developmentOidc(exchanges)
            .language("sv-SE")
            .afterEach(exchanges::assertKept);
    private LocalPortal portal;
    private Browser swedish;

    /** A device of Ada's of its own (a copy of her phone under another id), the newest active, so it is on the first page. */
    private Map<String, AttributeValue> addDevice(DynamoDbClient dynamo, UserKey ada) {
        Map<String, AttributeValue> phone = dynamo.getItem(r -> r.tableName(LocalPortal.TABLE).consistentRead(true)
                .key(Items.key(ada, "DEVICE#d-phone"))).item();
        Map<String, AttributeValue> device = new HashMap<>(phone);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        device.put(Keys.SK, Items.s("DEVICE#" + DEVICE));
        device.put("deviceId", Items.s(DEVICE));
        device.put("displayName", Items.s("Gamla mobilen"));
        device.put("lastActiveAt", Items.s(now));
        device.put("cleanupAt", Items.s(now));
        dynamo.putItem(r -> r.tableName(LocalPortal.TABLE).item(device));
        return Items.key(ada, "DEVICE#" + DEVICE);
    }

    private static void chooseLanguage(Browser person, String language, String overviewHeading) {
        person.driver().executeScript("location.hash = '#/'");
        person.click(By.id("edit-profile"));
        new Select(person.visible(By.id("input-preferredLanguage"))).selectByValue(language);
        person.click(By.id("save-profile"));
        person.waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#view h1"), overviewHeading));
    }

    @Test
    void a_swedish_person_reads_a_refused_rename_in_swedish_not_in_the_servers_english() throws Exception {
        DynamoDbClient dynamo = Moto.shared().dynamo();
        UserKey ada = portal.identity().demoUser();
        Map<String, AttributeValue> key = addDevice(dynamo, ada);
        try {
            swedish.resize(1280, 800);
            swedish.driver().get(portal.url());
            DemoSignIn.asDemoUser(swedish, Map.of());
            // Ada's profile names British English: choose Swedish as a person would.
            chooseLanguage(swedish, "sv", "Översikt");
            try {
                swedish.driver().executeScript("location.hash = '#/devices'");
                swedish.click(By.id("rename-" + DEVICE));
                swedish.visible(By.id("rename-input-" + DEVICE)).clear();
                swedish.driver().findElement(By.id("rename-input-" + DEVICE)).sendKeys("Reservmobilen");
                // Meanwhile the cleanup deletes it: the server refuses the rename (404, "not-found").
                dynamo.deleteItem(r -> r.tableName(LocalPortal.TABLE).key(key));
                swedish.click(By.id("rename-save-" + DEVICE));

                String shown = swedish.visible(By.id("inline-error")).getText();
                assertEquals("Det här gick inte att hitta. Det kan ha tagits bort.", shown.lines().findFirst().orElse(""), shown);
                assertFalse(shown.contains("There is no such device"), () -> "the server's English: " + shown);
                swedish.screenshot("problem-in-swedish.png", 1280, 800);
                swedish.assertNoConsoleErrors("404");
            } finally {
                // Back to British English, so the other tests read English.
                chooseLanguage(swedish, "en-GB", "Overview");
            }
        } finally {
            dynamo.deleteItem(r -> r.tableName(LocalPortal.TABLE).key(key));
        }
    }
}
