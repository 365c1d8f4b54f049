package io.dirsync.projector.query.search;

import java.util.Locale;
import java.util.Set;

/**
 * What the query layer knows about the attributes of a searchable resource type: its core schema URN, the
 * complex multi-valued attributes whose bare name means their {@code value} (RFC 7644 §3.4.2.2's
 * {@code emails co "example.com"}), the case-exact attributes (RFC 7643 §3.1: {@code id}, {@code externalId}),
 * and the relation held in the membership stores rather than in the document ({@code members} of a group,
 * {@code groups} of a user), which filters may test only by {@code value} equality.
 */
public enum ResourceKind {

    USER("User", "urn:ietf:params:scim:schemas:core:2.0:User", "groups",
            Set.of("emails", "phonenumbers", "ims", "photos", "entitlements", "roles", "x509certificates", "groups")),
    GROUP("Group", "urn:ietf:params:scim:schemas:core:2.0:Group", "members", Set.of("members"));

    private static final Set<String> CASE_EXACT = Set.of("id", "externalid");

    private final String resourceType;
    private final String schema;
    private final String relation;
    private final Set<String> multiValued;

    ResourceKind(String resourceType, String schema, String relation, Set<String> multiValued) {
        this.resourceType = resourceType;
        this.schema = schema;
        this.relation = relation;
        this.multiValued = multiValued;
    }

    public String resourceType() {
        return resourceType;
    }

    public String schema() {
        return schema;
    }

    /** The attribute answered from the membership stores: {@code members} (groups) or {@code groups} (users). */
    public String relation() {
        return relation;
    }

    boolean isMultiValuedComplex(String attribute) {
        return multiValued.contains(attribute.toLowerCase(Locale.ROOT));
    }

    static boolean isCaseExact(String attribute) {
        return CASE_EXACT.contains(attribute.toLowerCase(Locale.ROOT));
    }
}
