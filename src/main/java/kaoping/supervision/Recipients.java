package kaoping.supervision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import kaoping.api.model.WarningLevel;
import kaoping.org.PersonEntity;

/**
 * Who is told of a finding, widening with its warning level as the documents' practice does: its owner (责任人) when
 * issued; the leader in charge (分管领导) too at YELLOW; the unit's head (单位主要负责人) too at RED.
 */
final class Recipients {
    private Recipients() {
    }

    static List<Map<String, Object>> of(FindingEntity f, UUID unitHead, WarningLevel level) {
        List<Map<String, Object>> told = new ArrayList<>();
        add(told, "OWNER", f.ownerPersonId);
        if (level != WarningLevel.NONE) {
            add(told, "LEADER", f.leaderPersonId);
        }
        if (level == WarningLevel.RED) {
            add(told, "UNIT_HEAD", unitHead);
        }
        return told;
    }

    private static void add(List<Map<String, Object>> told, String role, UUID personId) {
        PersonEntity person = personId == null ? null : PersonEntity.findById(personId);
        if (person != null) {
            Map<String, Object> recipient = new LinkedHashMap<>();
            recipient.put("role", role);
            recipient.put("personId", person.id.toString());
            recipient.put("name", person.name);
            told.add(recipient);
        }
    }
}
