package io.hedge.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequencedTransportTest
{
    @Test
    void mdcIsTheDefaultSetting()
    {
        assertEquals(SequencedTransport.MDC, SequencedTransport.parse(
            TransportConfiguration.SEQUENCED_TRANSPORT.defaultValue(),
            TransportConfiguration.SEQUENCED_MULTICAST_GROUP.defaultValue()));
        assertNull(SequencedTransport.groupProblem(TransportConfiguration.SEQUENCED_MULTICAST_GROUP.defaultValue()));
    }

    @Test
    void parsesEitherChoiceInAnyCaseAndReadsTheGroupOnlyForMulticast()
    {
        assertEquals(SequencedTransport.MDC, SequencedTransport.parse(" MDC ", "not read"));
        final SequencedTransport multicast = SequencedTransport.parse("Multicast", " 239.255.20.1 ");
        assertTrue(multicast.isMulticast());
        assertEquals("239.255.20.1", multicast.group());
        assertFalse(SequencedTransport.MDC.isMulticast());
    }

    @Test
    void anUnknownChoiceNamesTheSettingAndTheChoices()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> SequencedTransport.parse("broadcast", "239.255.20.1"));
        assertEquals("setting 'sequenced.transport' must be mdc or multicast, got 'broadcast'", ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "239.255.20", "239.255.20.1.1", "239.255.20.x", "239.255.256.1", "239.255..1",
        "10.0.0.1", "240.0.0.1", "223.255.255.255", "224.0.0.5", "239.255.20.2", "239.255.20.255", "mcast.example",
        "ff02::1", "239.255.20.0001"})
    void aGroupThatCannotCarryAnAeronMulticastStreamIsRefusedNamingTheSetting(final String group)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> SequencedTransport.parse("multicast", group));
        assertTrue(ex.getMessage().startsWith("setting 'sequenced.multicast.group' "), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SequencedTransport.multicast(group));
    }

    @Test
    void aGroupsProblemSaysWhatIsWrong()
    {
        assertTrue(SequencedTransport.groupProblem("239.255.20.2").contains("odd"));
        assertTrue(SequencedTransport.groupProblem("10.0.0.1").contains("224.0.0.0 to 239.255.255.255"));
        assertTrue(SequencedTransport.groupProblem("224.0.0.9").contains("224.0.0.0/24"));
        assertTrue(SequencedTransport.groupProblem(null).contains("required"));
        assertNull(SequencedTransport.groupProblem("224.0.1.1"));
        assertNull(SequencedTransport.groupProblem("239.0.0.253"));
    }

    @Test
    void mdcHasNoGroupAndMulticastNeedsOne()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new SequencedTransport(SequencedTransport.Kind.MDC, "239.255.20.1"));
        assertThrows(IllegalArgumentException.class,
            () -> new SequencedTransport(SequencedTransport.Kind.MULTICAST, null));
        assertThrows(IllegalArgumentException.class, () -> new SequencedTransport(null, null));
    }

    @Test
    void multicastSendsToTheGroupOnTheGatewaysPortAndInterfaceAndSubscribersJoinOnTheirOwn()
    {
        final SequencedTransport multicast = SequencedTransport.multicast("239.255.20.1");
        assertEquals("aeron:udp?endpoint=239.255.20.1:20122|interface=10.0.0.5|fc=max",
            multicast.publicationChannel("10.0.0.5", 20122));
        assertEquals("aeron:udp?endpoint=239.255.20.1:20122|interface=10.0.0.7",
            multicast.subscriptionChannel("10.0.0.5", 20122, "10.0.0.7"));
    }

    @Test
    void mdcKeepsTheDynamicControlLayout()
    {
        assertEquals("aeron:udp?control=10.0.0.5:20122|control-mode=dynamic|fc=max",
            SequencedTransport.MDC.publicationChannel("10.0.0.5", 20122));
        assertEquals("aeron:udp?endpoint=10.0.0.7:0|control=10.0.0.5:20122|control-mode=dynamic",
            SequencedTransport.MDC.subscriptionChannel("10.0.0.5", 20122, "10.0.0.7"));
    }
}
