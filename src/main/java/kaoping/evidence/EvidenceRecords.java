package kaoping.evidence;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import kaoping.indicator.NodeRecords;

/** Evidence files stay part of the record: a node with any (even deleted ones) is not removed. */
@ApplicationScoped
public class EvidenceRecords implements NodeRecords {
    @Override
    public boolean anyOn(List<UUID> nodeIds) {
        return EvidenceEntity.count("indicatorId in ?1", nodeIds) > 0;
    }
}
