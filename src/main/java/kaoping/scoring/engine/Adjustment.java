package kaoping.scoring.engine;

import java.math.BigDecimal;

/** A bonus (加分), deduction (扣分) or veto (一票否决) item; a veto has no points. */
public record Adjustment(Kind kind, BigDecimal points) {
    public enum Kind { BONUS, DEDUCTION, VETO }
}
