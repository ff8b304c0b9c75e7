package kaoping.scoring.engine;

/** How a leaf turns its inputs into points (scoring.md, "Leaf methods"). */
public enum Method { MANUAL, GRADE, COMPLETION, RATIO, INVERSE_RATIO, CHALLENGE, BANDS, DEDUCTION }
