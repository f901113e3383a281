import type { Channel } from '@rightsflow/domain';
import { mongo } from 'mongoose';
import { Inventory } from '../inventory/inventory.types';
import { CompanyDocument, DataStores } from './data-stores';

/**
 * How the sample company's own applications read their data in daily work.
 * Every query here leaves out records under restriction (R20: kept but not
 * processed); only the rights service's discovery sees them.
 */
export class SampleSystems {
  constructor(
    private readonly stores: DataStores,
    private readonly inventory: Inventory,
  ) {}

  private get active(): mongo.Filter<CompanyDocument> {
    return { [this.inventory.restrictionField]: { $ne: true } };
  }

  /** The portal's log-in and profile page. */
  portalAccountByEmail(email: string): Promise<CompanyDocument | null> {
    return this.stores.company.collection('portal_accounts').findOne({ email, ...this.active });
  }

  /** The engagement platform's profile lookup. */
  engagementProfileByEmail(email: string): Promise<CompanyDocument | null> {
    return this.stores.company.collection('engagement_profiles').findOne({ email, ...this.active });
  }

  /** Who a campaign on `channel` goes to: subscribed, not restricted; email also reaches subscribed portal contacts. */
  async marketingAudience(channel: Channel): Promise<string[]> {
    const profiles = await this.stores.company
      .collection('engagement_profiles')
      .find({ [`subscriptions.${channel}`]: true, ...this.active }, { projection: { email: 1 } })
      .toArray();
    const emails = new Set(profiles.map((p) => String(p['email'])));
    if (channel === 'email') {
      const contacts = await this.stores.company
        .collection('portal_marketing_contacts')
        .find({ status: 'subscribed', ...this.active }, { projection: { email: 1 } })
        .toArray();
      for (const c of contacts) emails.add(String(c['email']));
    }
    return [...emails].sort();
  }

  /** Product analytics: the sessions of a browser. */
  sessionsOfCookie(cookieId: string): Promise<CompanyDocument[]> {
    return this.stores.company
      .collection('telemetry_sessions')
      .find({ cookieId, ...this.active })
      .toArray();
  }

  /** The community forum's posts of an account. */
  forumPostsOf(accountId: string): Promise<CompanyDocument[]> {
    return this.stores.company
      .collection('portal_forum_posts')
      .find({ accountId, ...this.active })
      .toArray();
  }
}
