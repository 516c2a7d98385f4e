package io.vectorline.job.pace;

import io.vectorline.job.decode.DocumentChange;
import java.util.Set;
import org.apache.flink.api.common.functions.FilterFunction;

/** Keeps the events of the chosen tenants. */
public final class TenantFilter implements FilterFunction<DocumentChange> {
    private static final long serialVersionUID = 1L;

    private final Set<String> tenants;

    public TenantFilter(Set<String> tenants) {
        this.tenants = Set.copyOf(tenants);
    }

    @Override
    public boolean filter(DocumentChange change) {
        return tenants.contains(change.tenantId());
    }
}
