-- 010_link_sightings: the address index carries what the linker reads.
--
-- Why: a rebuild reads every reported sighting in (address, time,
-- referral) order. The index held the address, the time and the primary
-- key but not the possibleProxy flag, so the read was either the index
-- and one table lookup per sighting, or a pass over the table and a sort
-- of all of them (3.2 s of a 10 s rebuild of 1,000,000 referrals). With
-- the flag at its end the index alone answers in that order. The text of
-- the address is not needed: it is the canonical form of the 16 bytes
-- (ident_ip_format). The primary key's columns are named so that the flag
-- comes after them and the order stays (address, time, referral, port,
-- event).

DROP INDEX IF EXISTS ip_events_addr;
CREATE INDEX ip_events_addr ON ip_events (addr, at, referral_id, port, event, role, proxy);
