import {
  hasAppeal,
  isPrivacyLaw,
  Jurisdiction,
  lawFacts,
  PrivacyLaw,
  RequestType,
  verificationLevel,
} from '@rightsflow/domain';
import { Block, button, code, facts, heading, list, paragraph, present, quote } from '../blocks';
import { CommonView } from '../message-view';
import { LocaleStrings } from './locale-strings';
import { capitalise, pluralIn } from './words';

/**
 * English. Plain language, short sentences, the reference in every subject
 * line, and nothing personal beyond what the reader gave us: no names, no
 * addresses, never the data itself.
 */

const plural = pluralIn('en');

const requestTypes: LocaleStrings['requestTypes'] = {
  access: 'get a copy of your personal information',
  access_categories: 'know which categories of personal information we hold about you',
  portability: 'get your personal information in a portable format',
  deletion: 'delete your personal information',
  correction: 'correct your personal information',
  restriction: 'restrict how we use your personal information',
  lift_restriction: 'lift the restriction on your personal information',
  objection: 'stop us using your personal information for marketing',
  opt_out_sale: 'opt out of the sale or sharing of your personal information',
  limit_sensitive: 'limit the use of your sensitive personal information',
  appeal: 'appeal our decision on your earlier request',
};

const channels: LocaleStrings['channels'] = {
  email: 'Email',
  sms: 'Text messages (SMS)',
  push: 'Mobile push notifications',
  in_app: 'In-app messages',
  web_push: 'Browser (web push) notifications',
};

const jurisdictions: LocaleStrings['jurisdictions'] = {
  GDPR: 'GDPR (EU/EEA)',
  CCPA: 'CCPA/CPRA (California)',
  UK_GDPR: 'UK GDPR and Data Protection Act 2018 (United Kingdom)',
  VCDPA: 'Virginia Consumer Data Protection Act',
  CPA: 'Colorado Privacy Act',
  CTDPA: 'Connecticut Data Privacy Act',
  TDPSA: 'Texas Data Privacy and Security Act',
  OCPA: 'Oregon Consumer Privacy Act',
  OTHER: 'Other privacy law',
};

const subjectLine = (title: string, view: CommonView) => `${title} (ref. ${view.reference})`;

const referenceRow = (view: CommonView) => ['Your reference', view.reference] as const;

const statusPage = (url: string | undefined): Block | false =>
  url !== undefined &&
  paragraph('You can follow your request at any time on its status page:', { label: 'Open the status page', url });

const replyToUs = paragraph('Questions? Reply to this email and quote your reference.');

/** R03: how verification works for this type of request, in the words a subject needs. */
function howVerificationWorks(type: RequestType, jurisdiction: Jurisdiction, windowDays: number): Block[] {
  const level = verificationLevel(type, jurisdiction);
  if (level === 'none') {
    return [
      paragraph(
        'This kind of request does not need an identity check, and you do not need an account. We act on it as it is.',
      ),
    ];
  }
  const blocks: Block[] = [
    heading('How we check it is you'),
    paragraph(
      'To protect your information, we first make sure this request comes from you. We will send you a separate email with a 6-digit code and a link. Enter the code, or open the link and press the confirm button.',
    ),
    paragraph(
      `If you do not confirm within ${windowDays} days, we close the request. You can make a new one at any time.`,
    ),
  ];
  if (level === 'reasonably_high') {
    blocks.push(
      paragraph(
        'Because you asked for specific pieces of personal information, we will also ask you to confirm at least three things we already know about you, and to sign a declaration, under penalty of perjury, that you are the person the request is about. If we cannot check your identity to that level, we will still tell you which categories of information we hold.',
      ),
    );
  }
  if (jurisdiction === 'GDPR') {
    blocks.push(
      paragraph(
        'We only ask for more information if we have a real doubt about who you are. Checking your identity is free.',
      ),
    );
  } else {
    blocks.push(paragraph('Checking your identity is free. We use what you give us for this check only.'));
  }
  return blocks;
}

/** R26: where to complain about a denied appeal: the state's Attorney General, from the law's facts. */
function regulatorBlock(jurisdiction: Jurisdiction): Block {
  const { regulator } = lawFacts(jurisdiction as PrivacyLaw);
  return paragraph(
    `If you disagree with this decision, you can complain to the ${regulator.name}${regulator.phone ? ` (telephone ${regulator.phone})` : ''}:`,
    { label: regulator.url.replace(/^https:\/\//, ''), url: regulator.url },
  );
}

/** R26: under a US state law, how to appeal a refusal in whole or in part, and how long we have to decide. */
function howToAppeal(jurisdiction: Jurisdiction | undefined, statusUrl?: string): Block[] {
  if (jurisdiction === undefined || !isPrivacyLaw(jurisdiction) || !hasAppeal(jurisdiction)) return [];
  const facts = lawFacts(jurisdiction);
  return [
    heading('How to appeal'),
    paragraph(
      `Under the ${facts.title} you can appeal this decision. Open your request's status page and press "Appeal this decision", or reply to this email and quote your reference. Tell us why you disagree.`,
      ...(statusUrl ? [{ label: 'Open the status page', url: statusUrl }] : []),
    ),
    paragraph(
      `We will decide within ${facts.appeal?.decisionDays ?? 45} days of receiving your appeal and tell you our decision in writing, with our reasons. If we refuse your appeal, we will tell you how to complain to the ${facts.regulator.name}.`,
    ),
  ];
}

/** R06, R07: what a person can do when we refuse or close a request without doing it. */
function rightsAfterRefusal(jurisdiction: Jurisdiction | undefined, statusUrl?: string): Block[] {
  const appeal = howToAppeal(jurisdiction, statusUrl);
  if (appeal.length > 0) return appeal;
  switch (jurisdiction) {
    case 'UK_GDPR':
      return [
        heading('If you disagree'),
        paragraph(
          "Under the UK GDPR you have the right to complain to the Information Commissioner's Office (ICO), telephone 0303 123 1113:",
          { label: 'ico.org.uk/make-a-complaint', url: 'https://ico.org.uk/make-a-complaint/' },
        ),
        paragraph('You also have the right to a judicial remedy: you can take the matter to court.'),
        paragraph('You can also reply to this email and we will look at our decision again.'),
      ];
    case 'GDPR':
      return [
        heading('If you disagree'),
        paragraph(
          'Under the GDPR you have the right to complain to a data protection supervisory authority, in particular in the EU or EEA country where you live, where you work, or where you think the problem happened. You can find your authority here:',
          {
            label: 'list of data protection authorities',
            url: 'https://www.edpb.europa.eu/about-edpb/about-edpb/members_en',
          },
        ),
        paragraph('You also have the right to a judicial remedy: you can take the matter to court.'),
        paragraph('You can also reply to this email and we will look at our decision again.'),
      ];
    case 'CCPA':
      return [
        heading('If you disagree'),
        paragraph(
          'You can appeal this decision: reply to this email, quote your reference and tell us why you disagree. Someone who was not involved in the decision will review it and answer you in writing.',
        ),
        paragraph('You can also contact the California Privacy Protection Agency:', {
          label: 'cppa.ca.gov',
          url: 'https://cppa.ca.gov/',
        }),
        paragraph('or the California Attorney General:', {
          label: 'oag.ca.gov/privacy',
          url: 'https://oag.ca.gov/privacy',
        }),
      ];
    default:
      return [
        heading('If you disagree'),
        paragraph(
          'You can reply to this email, quote your reference and tell us why you disagree; we will look at our decision again. You may also have the right to complain to the data protection or consumer protection authority where you live.',
        ),
      ];
  }
}

const messages: LocaleStrings['messages'] = {
  acknowledgement: (v) => ({
    subject: subjectLine('We received your privacy request', v),
    preheader: `We will answer by ${v.dueAt}.`,
    heading: 'We received your request',
    blocks: present(
      paragraph(`Thank you. We received your request to ${requestTypes[v.requestType]}.`),
      facts([
        referenceRow(v),
        ['Request', capitalise(requestTypes[v.requestType])],
        ['Law', jurisdictions[v.jurisdiction]],
        ['Expected answer by', v.dueAt],
      ]),
      ...howVerificationWorks(v.requestType, v.jurisdiction, v.verificationWindowDays),
      heading('When you will hear from us'),
      paragraph(
        `You can expect our answer by ${v.dueAt}. If we need more time, we will tell you why, and the new date, before then.`,
      ),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  verification_code: (v) => ({
    subject: subjectLine(`Your confirmation code is ${v.code}`, v),
    preheader: `Confirm your privacy request. The code works until ${v.codeExpiresAt}.`,
    heading: 'Confirm it is you',
    blocks: [
      paragraph(
        'To go ahead with your privacy request, confirm that it comes from you. Use the code, or the link below.',
      ),
      code('Your code', v.code),
      button('Confirm my request', v.verifyUrl),
      paragraph(
        `The code and the link work until ${v.codeExpiresAt}. The link opens a page where you press a button to confirm.`,
      ),
      facts([referenceRow(v)]),
      paragraph(
        'If you did not make this request, ignore this email: nothing will happen. Never share this code with anyone.',
      ),
    ],
  }),

  verified: (v) => ({
    subject: subjectLine('Thank you, your request is confirmed', v),
    preheader: `We will answer by ${v.dueAt}.`,
    heading: 'Your request is confirmed',
    blocks: present(
      paragraph(`Thank you for confirming. We are now working on your request to ${requestTypes[v.requestType]}.`),
      facts([referenceRow(v), ['Expected answer by', v.dueAt]]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  extension_notice: (v) => ({
    subject: subjectLine('We need more time to answer your request', v),
    preheader: `We will answer by ${v.newDueAt}.`,
    heading: 'We need more time',
    blocks: present(
      paragraph(
        v.dueAt !== undefined
          ? `We are sorry: we cannot answer your request by ${v.dueAt} as planned. We will answer by ${v.newDueAt} at the latest.`
          : `We are sorry: we need more time to answer your request. We will answer by ${v.newDueAt} at the latest.`,
      ),
      paragraph('The reason:'),
      quote(v.reason),
      facts([referenceRow(v), ['New answer date', v.newDueAt]]),
      v.jurisdiction === 'GDPR' &&
        paragraph(
          'The GDPR allows us to extend the time to answer by up to two months when a request is complex or when we receive many requests, as long as we tell you why.',
        ),
      v.jurisdiction === 'CCPA' &&
        paragraph(
          'The CCPA allows us to take one extra period of up to 45 days when it is reasonably necessary, as long as we tell you why.',
        ),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  access_ready: (v) => ({
    subject: subjectLine('Your information is ready to download', v),
    preheader: `The secure link works until ${v.linkExpiresAt.at}.`,
    heading: 'Your information is ready',
    blocks: present(
      paragraph(
        'We have gathered the personal information you asked for. For your safety we never send it by email: download it with this secure link, which works only for your request.',
      ),
      button('Download my information', v.downloadUrl),
      facts([
        referenceRow(v),
        ['Link works until', `${v.linkExpiresAt.at} (${plural(v.linkExpiresAt.days, 'day', 'days')} from now)`],
      ]),
      paragraph('When the link expires, we delete the download. If you miss it, reply to this email and we will help.'),
      paragraph(
        'The download has your information in files a computer can read (JSON and CSV) and a summary you can read, with why we use it, who we share it with, how long we keep it and where it came from.',
      ),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  deletion_done: (v) => ({
    subject: subjectLine('We have deleted your personal information', v),
    preheader: 'Your deletion request is done.',
    heading: 'Your information is deleted',
    blocks: present(
      paragraph(
        'We have deleted your personal information as you asked, and told the companies that process it for us to do the same.',
      ),
      facts([referenceRow(v)]),
      v.exceptions !== undefined &&
        v.exceptions.length > 0 &&
        paragraph('We had to keep some information, because the law requires or allows us to:'),
      v.exceptions !== undefined && v.exceptions.length > 0 && list(v.exceptions),
      ...(v.exceptions !== undefined && v.exceptions.length > 0 ? howToAppeal(v.jurisdiction, v.statusUrl) : []),
      paragraph(
        'We keep a record of your request: when you made it, what you asked for and how we answered. The law requires us to keep it for 24 months. It does not contain the information we deleted.',
      ),
      paragraph('If we ever restore an old backup, we will delete your information from it again.'),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  correction_done: (v) => ({
    subject: subjectLine('We have answered your correction request', v),
    preheader: 'Your correction request is done.',
    heading: 'Your correction request is done',
    blocks: present(
      paragraph(
        v.reason === undefined
          ? 'We have corrected your personal information as you asked, and told the companies that process it for us to do the same.'
          : 'We have corrected your personal information where we could, and told the companies that process it for us to do the same. Some changes were not made:',
      ),
      v.reason !== undefined && quote(v.reason),
      facts([referenceRow(v)]),
      ...(v.reason !== undefined ? howToAppeal(v.jurisdiction, v.statusUrl) : []),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  restriction_done: (v) => ({
    subject: subjectLine('We have restricted the use of your information', v),
    preheader: 'Your restriction request is done.',
    heading: 'Your information is restricted',
    blocks: present(
      paragraph(
        'We have restricted the use of your personal information as you asked. We keep it, but we do not use it until the restriction is lifted, and we have told the companies that process it for us.',
      ),
      paragraph('We will tell you before we lift the restriction.'),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  restriction_lifted: (v) => ({
    subject: subjectLine('The restriction on your information is lifted', v),
    preheader: 'We may use your information again.',
    heading: 'The restriction is lifted',
    blocks: present(
      paragraph(
        'The restriction on the use of your personal information is lifted. We may use it again, as described in our privacy notice.',
      ),
      v.reason !== undefined && paragraph('The reason:'),
      v.reason !== undefined && quote(v.reason),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  unsubscribe_done: (v) => ({
    subject: subjectLine('You are unsubscribed', v),
    preheader: 'We will not contact you for marketing on these channels.',
    heading: 'You are unsubscribed',
    blocks: present(
      paragraph('We no longer use your personal information for marketing on these channels:'),
      list(v.channels.map((channel) => channels[channel])),
      paragraph('You may still get messages you need about things you asked for, such as answers to your requests.'),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  opt_out_done: (v) => ({
    subject: subjectLine(
      v.requestType === 'limit_sensitive' ? 'We now limit the use of your sensitive information' : 'You have opted out',
      v,
    ),
    preheader: 'Your request is done.',
    heading: 'Your request is done',
    blocks: present(
      paragraph(
        v.requestType === 'limit_sensitive'
          ? 'We now use your sensitive personal information only for what you need from us, as the law allows, and we have told the companies we shared it with.'
          : 'We no longer sell or share your personal information, and we have told the companies we sold or shared it with to stop too.',
      ),
      facts([referenceRow(v), ['Request', capitalise(requestTypes[v.requestType])]]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  denied: (v) => ({
    subject: subjectLine('We cannot do what you asked', v),
    preheader: 'Our decision on your request, and what you can do.',
    heading: 'We have refused your request',
    blocks: present(
      paragraph('We have looked at your request carefully and we cannot do what you asked. The reason:'),
      quote(v.reason),
      facts([referenceRow(v)]),
      ...rightsAfterRefusal(v.jurisdiction, v.statusUrl),
      statusPage(v.statusUrl),
    ),
  }),

  appeal_granted: (v) => ({
    subject: subjectLine('We have accepted your appeal', v),
    preheader: 'We have changed our decision.',
    heading: 'We have accepted your appeal',
    blocks: present(
      paragraph('We have looked at our decision again and we accept your appeal. Our reasons:'),
      quote(v.reason),
      paragraph('Our privacy team will now act on your earlier request and write to you when it is done.'),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  appeal_denied: (v) => ({
    subject: subjectLine('We have refused your appeal', v),
    preheader: 'Our decision on your appeal, and who you can complain to.',
    heading: 'We have refused your appeal',
    blocks: present(
      paragraph('We have looked at our decision again and we keep it. Our reasons:'),
      quote(v.reason),
      facts([referenceRow(v), ['Law', jurisdictions[v.jurisdiction]]]),
      heading('If you disagree'),
      isPrivacyLaw(v.jurisdiction) && hasAppeal(v.jurisdiction) && regulatorBlock(v.jurisdiction),
      statusPage(v.statusUrl),
    ),
  }),

  not_obligated: (v) => ({
    subject: subjectLine('We are not required to answer this request', v),
    preheader: 'Why, and what you can do.',
    heading: 'We are not required to answer this request',
    blocks: present(
      paragraph('We have closed your request without acting on it. The reason:'),
      quote(v.reason),
      v.nextOwedAt !== undefined &&
        paragraph(`You can make a new request of this kind from ${v.nextOwedAt}, and we will answer it.`),
      facts([referenceRow(v)]),
      ...rightsAfterRefusal(v.jurisdiction),
      statusPage(v.statusUrl),
    ),
  }),

  closed_unverified: (v) => ({
    subject: subjectLine('We closed your request because it was not confirmed', v),
    preheader: 'You can make a new request at any time.',
    heading: 'Your request is closed',
    blocks: present(
      paragraph(
        `We closed your request because we could not confirm that it came from you within ${v.verificationWindowDays} days.`,
      ),
      v.reason !== undefined && quote(v.reason),
      paragraph('We did not act on it. If you still want us to, please make a new request: it is free.'),
      facts([referenceRow(v)]),
      ...rightsAfterRefusal(v.jurisdiction),
    ),
  }),

  withdrawn: (v) => ({
    subject: subjectLine('Your request is withdrawn', v),
    preheader: 'We have stopped working on it.',
    heading: 'Your request is withdrawn',
    blocks: [
      paragraph(
        'Your request has been withdrawn, and we have stopped working on it. You can make a new request at any time.',
      ),
      paragraph('We keep a record that the request was made and withdrawn, as the law requires.'),
      facts([referenceRow(v)]),
      paragraph('If you did not withdraw this request, reply to this email and quote your reference.'),
    ],
  }),

  linked_duplicate: (v) => ({
    subject: subjectLine('You already have an open request of this kind', v),
    preheader: 'We will answer both together.',
    heading: 'We linked this request to your open one',
    blocks: present(
      paragraph(
        `You already have an open request to ${requestTypes[v.requestType]}. We have linked this new request to it, so you get one complete answer instead of two.`,
      ),
      paragraph('You do not need to do anything more. The answer date of your open request stays the same.'),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  agent_received: (v) => ({
    subject: subjectLine('We received the request you made for someone else', v),
    preheader: 'What happens next.',
    heading: 'We received your request as an authorized agent',
    blocks: present(
      paragraph(`Thank you. We received the request you made for someone else, to ${requestTypes[v.requestType]}.`),
      facts([referenceRow(v), ...(v.dueAt !== undefined ? [['Expected answer by', v.dueAt] as const] : [])]),
      heading('What happens next'),
      list([
        'We send you a separate email with a code and a link, to confirm this email address is yours.',
        'We check the signed permission you gave us.',
        'Unless you gave us a power of attorney, we email the person you act for and ask them to confirm directly with us that they gave you permission. We cannot go ahead until they do.',
      ]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  agent_confirm: (v) => ({
    subject: subjectLine('Please confirm: did you ask someone to make a privacy request for you?', v),
    preheader: 'An authorized agent made a request in your name.',
    heading: 'Did you ask someone to act for you?',
    blocks: present(
      paragraph(`Someone told us they act for you, and asked us, in your name, to ${requestTypes[v.requestType]}.`),
      paragraph('If you gave them permission, please confirm it directly with us:'),
      button('Yes, I gave permission', v.verifyUrl),
      v.code !== undefined && code('Or enter this code', v.code),
      v.codeExpiresAt !== undefined && paragraph(`This works until ${v.codeExpiresAt}.`),
      paragraph(
        'If you did not give anyone permission, do nothing: the request will not go ahead. You can reply to this email to tell us.',
      ),
      facts([referenceRow(v)]),
    ),
  }),

  operator_approval_needed: (v) => ({
    subject: subjectLine(`Approval needed: ${v.requestType} request (${v.jurisdiction}), due ${v.dueAt}`, v),
    preheader: 'A request waits for an operator decision.',
    heading: 'A request needs your approval',
    blocks: [
      facts([
        ['Request', v.reference],
        ['Type', v.requestType],
        ['Law', jurisdictions[v.jurisdiction]],
        ['Due', v.dueAt],
      ]),
      paragraph(
        'Open the request in the Temporal UI and send the `approve` or `deny` update (a denial needs a reason, which is sent to the subject).',
      ),
      button('Open the request', v.workflowUrl),
    ],
  }),

  operator_reminder: (v) => ({
    subject: subjectLine(`Reminder: request due in ${plural(v.daysLeft, 'day', 'days')} (${v.dueAt})`, v),
    preheader: 'An open request is close to its due date.',
    heading: `Due in ${plural(v.daysLeft, 'day', 'days')}`,
    blocks: [
      facts([
        ['Request', v.reference],
        ...(v.requestType !== undefined ? [['Type', v.requestType] as const] : []),
        ...(v.jurisdiction !== undefined ? [['Law', jurisdictions[v.jurisdiction]] as const] : []),
        ['Due', v.dueAt],
      ]),
      paragraph(
        'If it cannot be answered in time, extend it with a reason before the due date (the `extend` update); the reason is sent to the subject.',
      ),
      button('Open the request', v.workflowUrl),
    ],
  }),

  operator_overdue: (v) => ({
    subject: subjectLine(`OVERDUE: request was due ${v.dueAt}`, v),
    preheader: 'An open request is past its due date.',
    heading: 'A request is overdue',
    blocks: [
      facts([
        ['Request', v.reference],
        ...(v.requestType !== undefined ? [['Type', v.requestType] as const] : []),
        ...(v.jurisdiction !== undefined ? [['Law', jurisdictions[v.jurisdiction]] as const] : []),
        ['Was due', v.dueAt],
      ]),
      paragraph('Answer it now. Overdue requests are listed in the Temporal UI with the query DsarOverdue = true.'),
      button('Open the request', v.workflowUrl),
    ],
  }),

  operator_activity_failing: (v) => ({
    subject: subjectLine(`Activity failing repeatedly: ${v.activity}`, v),
    preheader: 'Temporal keeps retrying; someone should look.',
    heading: 'An activity keeps failing',
    blocks: present(
      facts([
        ['Request', v.reference],
        ['Activity', v.activity],
      ]),
      v.reason !== undefined && paragraph('Last error:'),
      v.reason !== undefined && quote(v.reason),
      paragraph(
        'Temporal keeps retrying it with backoff. The request will not move on until it succeeds; the workflow history shows every attempt.',
      ),
      button('Open the request', v.workflowUrl),
    ),
  }),
};

export const en: LocaleStrings = {
  lang: 'en',
  dateLocale: 'en-US',
  requestTypes,
  channels,
  jurisdictions,
  greeting: (audience) => (audience === 'operator' ? 'Hello privacy team,' : 'Hello,'),
  signOff: (view, audience) =>
    audience === 'operator' ? '— Rightsflow (automatic message)' : `The ${view.brandName} privacy team`,
  footer: (view, audience) =>
    audience === 'operator'
      ? `Sent by Rightsflow to the ${view.brandName} privacy operators. Reference ${view.reference}.`
      : `You get this email because a privacy request was made to ${view.brandName} with this address. Reference ${view.reference}. We never ask for passwords by email.`,
  messages,
};
