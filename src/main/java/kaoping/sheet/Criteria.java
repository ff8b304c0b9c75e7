package kaoping.sheet;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kaoping.api.model.Scoring;
import kaoping.api.model.ScoringMethod;

/**
 * The engine's methods where a 评分标准 states one plainly, as a proposal for the person importing to confirm: the
 * wording of these tables is too free to apply a method unseen, so nothing here is stored by itself.
 */
final class Criteria {
    /** "每发现一次扣0.5分" (扣完为止: down to 0, the engine's default floor). */
    private static final Pattern DEDUCTION = Pattern.compile(
            "每(?:发现|出现|有|被)?[^，,；;。]{0,12}?(?:一|1)(?:次|起|例|项|处|个|件)[^，,；;。\\d]{0,12}?扣(?:除)?\\s*(\\d+(?:\\.\\d+)?)\\s*分");
    private static final Pattern COMPLETION = Pattern.compile("完成[^，,；;。]{0,8}得满分[，,；;。\\s]*未完成[^，,；;。]{0,8}不得分");
    private static final Pattern CHALLENGE = Pattern.compile(
            "目标值\\s*(\\d+(?:\\.\\d+)?)\\s*([^\\d，,；;。\\s]{0,4}?)[，,；;。\\s]*挑战值\\s*(\\d+(?:\\.\\d+)?)");

    private Criteria() {
    }

    /** The method the text states, with its parameters; null when it states none plainly. */
    static Scoring propose(String text) {
        String plain = TableParser.normal(text);
        Matcher challenge = CHALLENGE.matcher(plain);
        if (challenge.find()) {
            BigDecimal target = new BigDecimal(challenge.group(1));
            BigDecimal high = new BigDecimal(challenge.group(3));
            if (target.signum() > 0 && high.compareTo(target) > 0) {
                return new Scoring().method(ScoringMethod.CHALLENGE).target(target).challenge(high)
                        .unit(challenge.group(2).isEmpty() ? null : challenge.group(2));
            }
        }
        Matcher deduction = DEDUCTION.matcher(plain);
        if (deduction.find() && new BigDecimal(deduction.group(1)).signum() > 0) {
            return new Scoring().method(ScoringMethod.DEDUCTION).perOccurrence(new BigDecimal(deduction.group(1)))
                    .floor(BigDecimal.ZERO);
        }
        if (COMPLETION.matcher(plain).find()) {
            return new Scoring().method(ScoringMethod.COMPLETION);
        }
        return null;
    }
}
