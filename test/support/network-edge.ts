import nock from "nock";
import { afterEach, beforeEach } from "vitest";

/**
 * Providers are mocked at the network edge only: in each test of the calling file nothing
 * leaves the machine (nock refuses unmocked hosts), while 127.0.0.1 (our own fake servers) stays
 * reachable; mocks are cleared after each test.
 */
export function mockNetworkEdge(): void {
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}
