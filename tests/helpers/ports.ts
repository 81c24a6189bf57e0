/**
 * The ports the tests listen on: TEST_PORTS and the nine after it (the e2e suite's server at +0, +2, +3 and +4, the
 * static server's tests at +1, +2 and +4, nginx at +5 and +6). 18700 unless NEWSMIRROR_TEST_PORTS moves them, so that two checkouts on
 * one machine can run their tests at once.
 */
export const TEST_PORTS = Number(process.env.NEWSMIRROR_TEST_PORTS ?? 18700);
if (!(Number.isInteger(TEST_PORTS) && TEST_PORTS >= 1024 && TEST_PORTS <= 65525))
  throw new Error(`NEWSMIRROR_TEST_PORTS=${process.env.NEWSMIRROR_TEST_PORTS}: not a port from 1024 to 65525`);
