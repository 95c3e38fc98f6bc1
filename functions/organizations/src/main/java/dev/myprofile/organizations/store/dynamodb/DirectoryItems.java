package dev.myprofile.organizations.store.dynamodb;

import dev.myprofile.organizations.model.Organization;
import dev.myprofile.shared.dynamodb.ItemKinds;
import dev.myprofile.shared.dynamodb.Items;
import dev.myprofile.shared.dynamodb.Keys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.myprofile.shared.dynamodb.Items.s;

/**
 * The one mapping of an organization directory entry: {@code ORG} in its own partition
 * {@code ORG#<id>}, written by an administrator. The Overview reads it too (beside the profile, in
 * one request), through this class.
 */
public final class DirectoryItems {
    static final String SORT_KEY = ItemKinds.ORGANIZATION.sortKey();

    private DirectoryItems() {}

    public static Map<String, AttributeValue> key(String organizationId) {
        return Items.key(ItemKinds.ORGANIZATION_PARTITION + Keys.escape(organizationId), SORT_KEY);
    }

    /** Whether an item read beside others is a directory entry. */
    public static boolean isEntry(Map<String, AttributeValue> item) {
        return SORT_KEY.equals(Items.string(item, Keys.SK).orElse(""));
    }

    public static Map<String, AttributeValue> item(Organization organization) {
        Map<String, AttributeValue> item = new HashMap<>(key(organization.id()));
        item.put("entity", s(ItemKinds.ORGANIZATION.entity()));
        item.put("organizationId", s(organization.id()));
        item.put("name", s(organization.name()));
        Items.put(item, "domain", organization.domain());
        Items.put(item, "privacyStatementUrl", organization.privacyStatementUrl());
        Items.put(item, "privacyContact", organization.privacyContact());
        Items.put(item, "termsOfUseUrl", organization.termsOfUseUrl());
        // A list, not a string set: an organization may let its members edit none of them.
        item.put("editableFields", AttributeValue.fromL(organization.editableFields().stream().map(Items::s).toList()));
        return item;
    }

    public static Optional<Organization> organization(Map<String, AttributeValue> item) {
        if (Items.absent(item)) {
            return Optional.empty();
        }
        return Optional.of(new Organization(
                Items.string(item, "organizationId").orElse(""),
                Items.string(item, "name").orElse(""),
                Items.string(item, "domain"),
                Items.string(item, "privacyStatementUrl"),
                Items.string(item, "privacyContact"),
                Items.string(item, "termsOfUseUrl"),
                // An entry written before organizations could choose lets its members edit everything.
                item.containsKey("editableFields") && item.get("editableFields").hasL()
                        ? item.get("editableFields").l().stream().map(AttributeValue::s).toList()
                        : Organization.PROFILE_FIELDS));
    }
}
