package io.hedge.chaos.check;

/**
 * What one checker found.
 *
 * @param name           of the checker ("acknowledged", "bank").
 * @param passed         true for PASS.
 * @param checked        one line of what was checked, with counts.
 * @param counterExample the first violation, null on PASS.
 */
public record CheckResult(String name, boolean passed, String checked, CounterExample counterExample)
{
    /**
     * The first violation a checker found.
     *
     * @param seq           where in the total order, 0 if it has none.
     * @param clientId      of the request concerned, 0 if none.
     * @param correlationId of the request concerned, 0 if none.
     * @param fault         the fault active at the time (from the timeline), null if none was, or the time is unknown.
     * @param detail        what is wrong.
     */
    public record CounterExample(long seq, long clientId, long correlationId, String fault, String detail)
    {
        @Override
        public String toString()
        {
            return detail + " [seq " + seq + ", client " + clientId + ", correlation id " + correlationId + ", fault: " +
                (null == fault ? "none active" : fault) + "]";
        }
    }

    public static CheckResult pass(final String name, final String checked)
    {
        return new CheckResult(name, true, checked, null);
    }

    public static CheckResult fail(final String name, final String checked, final CounterExample counterExample)
    {
        return new CheckResult(name, false, checked, counterExample);
    }

    @Override
    public String toString()
    {
        return (passed ? "PASS " : "FAIL ") + name + ": " + checked + (passed ? "" : "\n     first counter-example: " +
            counterExample);
    }
}
