package io.dirsync.projector.query.search;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.FilterEvaluator;

/**
 * The SDK's filter evaluator with the one piece of schema it needs here: {@code id} and {@code externalId}
 * compare case-exactly (RFC 7643 §3.1), every other string (userName, displayName, emails …) without case, as
 * RFC 7643 §4.1.1 and §4.2 define them. The SDK resolves attribute names without case on its own.
 */
final class ScimEvaluator extends FilterEvaluator {

    static final ScimEvaluator INSTANCE = new ScimEvaluator();

    private static final AttributeDefinition CASE_EXACT = new AttributeDefinition.Builder()
            .setName("caseExact").setType(AttributeDefinition.Type.STRING).setCaseExact(true).build();

    private ScimEvaluator() {
    }

    @Override
    protected AttributeDefinition getAttributeDefinition(Path path) {
        return caseExact(path) ? CASE_EXACT : null;
    }

    static boolean caseExact(Path path) {
        return path.size() == 1 && path.getSchemaUrn() == null && ResourceKind.isCaseExact(path.getElement(0).getAttribute());
    }

    static AttributeDefinition definition(Path path) {
        return caseExact(path) ? CASE_EXACT : null;
    }
}
