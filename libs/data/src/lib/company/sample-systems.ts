import type { Channel } from '@rightsflow/domain';
import { StoreRecord } from '../connectors/store-connector';
import { CollectionSpec, Inventory } from '../inventory/inventory.types';
import { DataStores } from './data-stores';

/**
 * How the sample company's own applications read their data in daily work,
 * through the same connectors as the rights (so whatever engine a system runs
 * on). Every query here leaves out records under restriction (R20: kept but
 * not processed); only the rights service's discovery sees them.
 */
export class SampleSystems {
  constructor(
    private readonly stores: DataStores,
    private readonly inventory: Inventory,
  ) {}

  /** The portal's log-in and profile page. */
  async portalAccountByEmail(email: string): Promise<StoreRecord | null> {
    return (await this.find('portal.accounts', { email }))[0] ?? null;
  }

  /** The engagement platform's profile lookup. */
  async engagementProfileByEmail(email: string): Promise<StoreRecord | null> {
    return (await this.find('engagement.profiles', { email }))[0] ?? null;
  }

  /** Who a campaign on `channel` goes to: subscribed, not restricted; email also reaches subscribed portal contacts. */
  async marketingAudience(channel: Channel): Promise<string[]> {
    const profiles = await this.find('engagement.profiles', { [`subscriptions.${channel}`]: true });
    const emails = new Set(profiles.map((p) => String(p['email'])));
    if (channel === 'email') {
      for (const c of await this.find('portal.marketing_contacts', { status: 'subscribed' }))
        emails.add(String(c['email']));
    }
    return [...emails].sort();
  }

  /** Product analytics: the sessions of a browser. */
  sessionsOfCookie(cookieId: string): Promise<StoreRecord[]> {
    return this.find('telemetry.sessions', { cookieId });
  }

  /** The community forum's posts of an account. */
  forumPostsOf(accountId: string): Promise<StoreRecord[]> {
    return this.find('portal.forum_posts', { accountId });
  }

  private find(id: string, equals: Record<string, unknown>): Promise<StoreRecord[]> {
    const spec = this.inventory.collections.find((c) => c.id === id) as CollectionSpec;
    return this.stores.connectors.for(spec).find(spec, equals, this.inventory.restrictionField);
  }
}
