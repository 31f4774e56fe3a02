/**
 * One browser, one recording server and a fresh context per test: the
 * shared setup of the tracker's browser suites.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { WireEvent } from '../../../packages/tracker/src/index';
import {
  closeChromium,
  type LaunchOptions,
  launchChromium,
  newDesktopContext,
} from '../../support/chromium';
import { startServer, type TestServer } from './server';

export interface Harness {
  server: TestServer;
  context: BrowserContext;
  page: Page;
  /** URLs of /collect requests the current page issued, in order */
  issued: string[];
  /** all events received, in arrival order */
  received: () => WireEvent[];
  /** waits until `count` events have arrived; returns all of them */
  events: (count: number) => Promise<WireEvent[]>;
}

/** Registers the hooks of one suite on `port` and returns its harness. */
export function useHarness(port: number, options: LaunchOptions = {}): Harness {
  let browser: Browser;
  const h = { issued: [] as string[] } as Harness;
  h.received = () => h.server.posts.flatMap((post) => post.batch.e);
  h.events = async (count) => {
    while (h.received().length < count) {
      await h.server.waitForPosts(h.server.posts.length + 1);
    }
    return h.received();
  };

  beforeAll(async () => {
    h.server = await startServer(port);
    browser = await launchChromium([], options);
  });
  afterAll(async () => {
    await closeChromium(browser);
    await h.server.close();
  });
  afterEach(() => {
    // every batch sent must pass the collector's schema
    const problems = h.server.posts.flatMap((post) => post.problems);
    expect(problems).toEqual([]);
  });
  beforeEach(async () => {
    await h.context?.close();
    h.context = await newDesktopContext(browser);
    h.page = await h.context.newPage();
    h.issued = [];
    h.page.on('request', (request) => {
      if (request.url().endsWith('/collect')) h.issued.push(request.url());
    });
    h.server.posts.length = 0;
    h.server.status = 202;
  });
  return h;
}
