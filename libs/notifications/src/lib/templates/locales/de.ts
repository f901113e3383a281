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
 * Deutsch (German). Formal register ("Sie"), plain language, short sentences,
 * the reference ("Az.", Aktenzeichen) in every subject line, and nothing
 * personal beyond what the reader gave us: no names, no addresses, never the
 * data itself.
 *
 * Request types are noun phrases, so that they read both as a facts value and
 * after "Ihre Anfrage auf …" in a sentence.
 *
 * Buttons on the web pages (status page, confirmation page) are described,
 * not quoted: their labels are translated separately and may change. The one
 * exception is the status page's appeal button, quoted in howToAppeal: it must
 * match `appeal.button` in the pages' catalogue (intake web/i18n/locales/de.json).
 * Law titles, regulator names and agency names stay in English (they have no
 * official German names), with a German gloss where it helps.
 */

const plural = pluralIn('de');

const requestTypes: LocaleStrings['requestTypes'] = {
  access: 'Auskunft und Kopie Ihrer personenbezogenen Daten',
  access_categories: 'Auskunft über die Kategorien Ihrer bei uns gespeicherten personenbezogenen Daten',
  portability: 'Herausgabe Ihrer personenbezogenen Daten in einem übertragbaren Format',
  deletion: 'Löschung Ihrer personenbezogenen Daten',
  correction: 'Berichtigung Ihrer personenbezogenen Daten',
  restriction: 'Einschränkung der Nutzung Ihrer personenbezogenen Daten',
  lift_restriction: 'Aufhebung der Einschränkung Ihrer personenbezogenen Daten',
  objection: 'Einstellung der Nutzung Ihrer personenbezogenen Daten für Werbung',
  opt_out_sale: 'Beendigung des Verkaufs und der Weitergabe Ihrer personenbezogenen Daten (Opt-out)',
  limit_sensitive: 'Einschränkung der Nutzung Ihrer sensiblen personenbezogenen Daten',
  appeal: 'Überprüfung unserer Entscheidung über Ihre frühere Anfrage (Einspruch)',
};

const channels: LocaleStrings['channels'] = {
  email: 'E-Mail',
  sms: 'Textnachrichten (SMS)',
  push: 'Push-Benachrichtigungen auf dem Mobilgerät',
  in_app: 'Nachrichten in der App',
  web_push: 'Browser-Benachrichtigungen (Web-Push)',
};

const jurisdictions: LocaleStrings['jurisdictions'] = {
  GDPR: 'DSGVO (EU/EWR)',
  CCPA: 'CCPA/CPRA (Kalifornien)',
  UK_GDPR: 'UK-DSGVO (UK GDPR) und Data Protection Act 2018 (Vereinigtes Königreich)',
  VCDPA: 'Virginia Consumer Data Protection Act (Virginia, USA)',
  CPA: 'Colorado Privacy Act (Colorado, USA)',
  CTDPA: 'Connecticut Data Privacy Act (Connecticut, USA)',
  TDPSA: 'Texas Data Privacy and Security Act (Texas, USA)',
  OCPA: 'Oregon Consumer Privacy Act (Oregon, USA)',
  OTHER: 'Anderes Datenschutzgesetz',
};

const subjectLine = (title: string, view: CommonView) => `${title} (Az. ${view.reference})`;

const referenceRow = (view: CommonView) => ['Ihr Aktenzeichen', view.reference] as const;

const statusPage = (url: string | undefined): Block | false =>
  url !== undefined &&
  paragraph('Sie können Ihre Anfrage jederzeit auf ihrer Statusseite verfolgen:', {
    label: 'Statusseite öffnen',
    url,
  });

const replyToUs = paragraph('Fragen? Antworten Sie auf diese E-Mail und geben Sie Ihr Aktenzeichen an.');

/** The state's Attorney General, named in German; the regulator's official (English) name goes with it. */
const attorneyGeneral = (law: PrivacyLaw) =>
  `Generalstaatsanwalt (Attorney General) des Bundesstaates ${lawFacts(law).place}`;

/** R03: how verification works for this type of request, in the words a subject needs. */
function howVerificationWorks(type: RequestType, jurisdiction: Jurisdiction, windowDays: number): Block[] {
  const level = verificationLevel(type, jurisdiction);
  if (level === 'none') {
    return [
      paragraph(
        'Für diese Art von Anfrage ist keine Identitätsprüfung nötig, und Sie brauchen kein Konto. Wir bearbeiten sie so, wie Sie sie gestellt haben.',
      ),
    ];
  }
  const blocks: Block[] = [
    heading('So prüfen wir, dass Sie es sind'),
    paragraph(
      'Zum Schutz Ihrer Daten stellen wir zuerst sicher, dass diese Anfrage von Ihnen kommt. Dazu schicken wir Ihnen eine separate E-Mail mit einem 6-stelligen Code und einem Link. Geben Sie den Code ein, oder öffnen Sie den Link und klicken Sie dort auf die Schaltfläche zum Bestätigen.',
    ),
    paragraph(
      `Wenn Sie nicht innerhalb von ${plural(windowDays, 'Tag', 'Tagen')} bestätigen, schließen wir die Anfrage. Sie können jederzeit eine neue stellen.`,
    ),
  ];
  if (level === 'reasonably_high') {
    blocks.push(
      paragraph(
        'Sie haben bestimmte einzelne personenbezogene Daten angefordert. Deshalb bitten wir Sie außerdem, mindestens drei Angaben zu bestätigen, die uns bereits über Sie vorliegen. Zudem bitten wir Sie, eine Erklärung zu unterschreiben, dass Sie die Person sind, um die es in der Anfrage geht. Diese Erklärung geben Sie unter Strafandrohung für Meineid nach kalifornischem Recht ab ("under penalty of perjury"). Wenn wir Ihre Identität nicht in diesem Umfang prüfen können, teilen wir Ihnen trotzdem mit, welche Kategorien von Daten wir über Sie speichern.',
      ),
    );
  }
  if (jurisdiction === 'GDPR') {
    blocks.push(
      paragraph(
        'Wir bitten nur dann um weitere Informationen, wenn wir begründete Zweifel daran haben, wer Sie sind. Die Prüfung Ihrer Identität ist kostenlos.',
      ),
    );
  } else {
    blocks.push(
      paragraph('Die Prüfung Ihrer Identität ist kostenlos. Wir verwenden Ihre Angaben nur für diese Prüfung.'),
    );
  }
  return blocks;
}

/** R26: where to complain about a denied appeal: the state's Attorney General, from the law's facts. */
function regulatorBlock(jurisdiction: Jurisdiction): Block {
  const law = jurisdiction as PrivacyLaw;
  const { regulator } = lawFacts(law);
  return paragraph(
    `Wenn Sie mit dieser Entscheidung nicht einverstanden sind, können Sie sich beim ${attorneyGeneral(law)} beschweren (${regulator.name}${regulator.phone ? `, Telefon ${regulator.phone}` : ''}):`,
    { label: regulator.url.replace(/^https:\/\//, ''), url: regulator.url },
  );
}

/** R26: under a US state law, how to appeal a refusal in whole or in part, and how long we have to decide. */
function howToAppeal(jurisdiction: Jurisdiction | undefined, statusUrl?: string): Block[] {
  if (jurisdiction === undefined || !isPrivacyLaw(jurisdiction) || !hasAppeal(jurisdiction)) return [];
  const law = lawFacts(jurisdiction);
  return [
    heading('So legen Sie Einspruch ein'),
    paragraph(
      `Nach dem ${law.title} (Datenschutzgesetz des Bundesstaates ${law.place}) können Sie gegen diese Entscheidung Einspruch einlegen. Öffnen Sie dazu die Statusseite Ihrer Anfrage und klicken Sie dort auf die Schaltfläche „Einspruch einlegen“. Oder antworten Sie auf diese E-Mail und geben Sie Ihr Aktenzeichen an. Schreiben Sie uns, warum Sie nicht einverstanden sind.`,
      ...(statusUrl ? [{ label: 'Statusseite öffnen', url: statusUrl }] : []),
    ),
    paragraph(
      `Wir entscheiden innerhalb von ${plural(law.appeal?.decisionDays ?? 45, 'Tag', 'Tagen')} nach Eingang Ihres Einspruchs. Unsere Entscheidung teilen wir Ihnen schriftlich und mit Begründung mit. Wenn wir Ihren Einspruch ablehnen, sagen wir Ihnen, wie Sie sich beim ${attorneyGeneral(jurisdiction)} (${law.regulator.name}) beschweren können.`,
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
        heading('Wenn Sie nicht einverstanden sind'),
        paragraph(
          "Nach Art. 77 der UK-DSGVO (UK GDPR) haben Sie das Recht, sich bei der britischen Datenschutzaufsichtsbehörde zu beschweren, dem Information Commissioner's Office (ICO), Telefon 0303 123 1113:",
          { label: 'ico.org.uk/make-a-complaint', url: 'https://ico.org.uk/make-a-complaint/' },
        ),
        paragraph(
          'Sie haben außerdem das Recht auf einen gerichtlichen Rechtsbehelf (Art. 79 UK-DSGVO): Sie können die Sache vor Gericht bringen.',
        ),
        paragraph('Sie können auch auf diese E-Mail antworten. Dann prüfen wir unsere Entscheidung noch einmal.'),
      ];
    case 'GDPR':
      return [
        heading('Wenn Sie nicht einverstanden sind'),
        paragraph(
          'Nach Art. 77 DSGVO haben Sie das Recht, sich bei einer Datenschutz-Aufsichtsbehörde zu beschweren, insbesondere in dem EU- oder EWR-Staat, in dem Sie wohnen, in dem Sie arbeiten oder in dem nach Ihrer Ansicht der Verstoß passiert ist. Ihre Aufsichtsbehörde finden Sie hier:',
          {
            label: 'Liste der Datenschutz-Aufsichtsbehörden',
            url: 'https://www.edpb.europa.eu/about-edpb/about-edpb/members_en',
          },
        ),
        paragraph(
          'Sie haben außerdem das Recht auf einen gerichtlichen Rechtsbehelf (Art. 79 DSGVO): Sie können die Sache vor Gericht bringen.',
        ),
        paragraph('Sie können auch auf diese E-Mail antworten. Dann prüfen wir unsere Entscheidung noch einmal.'),
      ];
    case 'CCPA':
      return [
        heading('Wenn Sie nicht einverstanden sind'),
        paragraph(
          'Sie können gegen diese Entscheidung Einspruch einlegen: Antworten Sie auf diese E-Mail, geben Sie Ihr Aktenzeichen an und schreiben Sie uns, warum Sie nicht einverstanden sind. Eine Person, die an der Entscheidung nicht beteiligt war, prüft sie und antwortet Ihnen schriftlich.',
        ),
        paragraph(
          'Sie können sich auch an die kalifornische Datenschutzbehörde wenden, die California Privacy Protection Agency (CPPA):',
          {
            label: 'cppa.ca.gov',
            url: 'https://cppa.ca.gov/',
          },
        ),
        paragraph('oder an den Generalstaatsanwalt (Attorney General) des Bundesstaates Kalifornien:', {
          label: 'oag.ca.gov/privacy',
          url: 'https://oag.ca.gov/privacy',
        }),
      ];
    default:
      return [
        heading('Wenn Sie nicht einverstanden sind'),
        paragraph(
          'Sie können auf diese E-Mail antworten, Ihr Aktenzeichen angeben und uns schreiben, warum Sie nicht einverstanden sind. Dann prüfen wir unsere Entscheidung noch einmal. Möglicherweise haben Sie außerdem das Recht, sich bei der Datenschutz- oder Verbraucherschutzbehörde an Ihrem Wohnort zu beschweren.',
        ),
      ];
  }
}

const messages: LocaleStrings['messages'] = {
  acknowledgement: (v) => ({
    subject: subjectLine('Wir haben Ihre Datenschutzanfrage erhalten', v),
    preheader: `Wir antworten bis ${v.dueAt}.`,
    heading: 'Wir haben Ihre Anfrage erhalten',
    blocks: present(
      paragraph(`Vielen Dank. Wir haben Ihre Anfrage auf ${requestTypes[v.requestType]} erhalten.`),
      facts([
        referenceRow(v),
        ['Anfrage', capitalise(requestTypes[v.requestType])],
        ['Gesetz', jurisdictions[v.jurisdiction]],
        ['Antwort voraussichtlich bis', v.dueAt],
      ]),
      ...howVerificationWorks(v.requestType, v.jurisdiction, v.verificationWindowDays),
      heading('Wann Sie von uns hören'),
      paragraph(
        `Sie erhalten unsere Antwort voraussichtlich bis ${v.dueAt}. Wenn wir mehr Zeit brauchen, teilen wir Ihnen vorher mit, warum, und nennen Ihnen das neue Datum.`,
      ),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  verification_code: (v) => ({
    subject: subjectLine(`Ihr Bestätigungscode lautet ${v.code}`, v),
    preheader: `Bestätigen Sie Ihre Datenschutzanfrage. Der Code gilt bis zum ${v.codeExpiresAt}.`,
    heading: 'Bestätigen Sie, dass Sie es sind',
    blocks: [
      paragraph(
        'Damit wir Ihre Datenschutzanfrage bearbeiten können, bestätigen Sie bitte, dass sie von Ihnen kommt. Verwenden Sie dazu den Code oder den Link unten.',
      ),
      code('Ihr Code', v.code),
      button('Meine Anfrage bestätigen', v.verifyUrl),
      paragraph(
        `Der Code und der Link gelten bis zum ${v.codeExpiresAt}. Der Link öffnet eine Seite, auf der Sie zur Bestätigung auf eine Schaltfläche klicken.`,
      ),
      facts([referenceRow(v)]),
      paragraph(
        'Wenn Sie diese Anfrage nicht gestellt haben, ignorieren Sie diese E-Mail: Dann passiert nichts. Geben Sie diesen Code niemals an andere weiter.',
      ),
    ],
  }),

  verified: (v) => ({
    subject: subjectLine('Vielen Dank, Ihre Anfrage ist bestätigt', v),
    preheader: `Wir antworten bis ${v.dueAt}.`,
    heading: 'Ihre Anfrage ist bestätigt',
    blocks: present(
      paragraph(
        `Vielen Dank für Ihre Bestätigung. Wir bearbeiten jetzt Ihre Anfrage auf ${requestTypes[v.requestType]}.`,
      ),
      facts([referenceRow(v), ['Antwort voraussichtlich bis', v.dueAt]]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  extension_notice: (v) => ({
    subject: subjectLine('Wir brauchen mehr Zeit, um Ihre Anfrage zu beantworten', v),
    preheader: `Wir antworten spätestens bis ${v.newDueAt}.`,
    heading: 'Wir brauchen mehr Zeit',
    blocks: present(
      paragraph(
        v.dueAt !== undefined
          ? `Es tut uns leid: Wir können Ihre Anfrage nicht wie geplant bis ${v.dueAt} beantworten. Wir antworten spätestens bis ${v.newDueAt}.`
          : `Es tut uns leid: Wir brauchen mehr Zeit, um Ihre Anfrage zu beantworten. Wir antworten spätestens bis ${v.newDueAt}.`,
      ),
      paragraph('Der Grund:'),
      quote(v.reason),
      facts([referenceRow(v), ['Neues Antwortdatum', v.newDueAt]]),
      v.jurisdiction === 'GDPR' &&
        paragraph(
          'Nach Art. 12 Abs. 3 DSGVO dürfen wir die Frist für die Antwort um bis zu zwei Monate verlängern, wenn eine Anfrage komplex ist oder wenn wir viele Anfragen erhalten. Wir müssen Ihnen dann den Grund nennen.',
        ),
      v.jurisdiction === 'CCPA' &&
        paragraph(
          'Der CCPA erlaubt uns, die Frist einmal um bis zu 45 Tage zu verlängern, wenn dies vernünftigerweise notwendig ist. Wir müssen Ihnen dann den Grund nennen.',
        ),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  access_ready: (v) => ({
    subject: subjectLine('Ihre Daten stehen zum Download bereit', v),
    preheader: `Der sichere Link gilt bis zum ${v.linkExpiresAt.at}.`,
    heading: 'Ihre Daten sind bereit',
    blocks: present(
      paragraph(
        'Wir haben die personenbezogenen Daten zusammengestellt, die Sie angefordert haben. Zu Ihrer Sicherheit schicken wir sie nie per E-Mail: Laden Sie sie über diesen sicheren Link herunter. Er funktioniert nur für Ihre Anfrage.',
      ),
      button('Meine Daten herunterladen', v.downloadUrl),
      facts([
        referenceRow(v),
        ['Link gültig bis', `${v.linkExpiresAt.at} (in ${plural(v.linkExpiresAt.days, 'Tag', 'Tagen')})`],
      ]),
      paragraph(
        'Wenn der Link abläuft, löschen wir den Download. Falls Sie ihn verpassen, antworten Sie auf diese E-Mail. Dann helfen wir Ihnen.',
      ),
      paragraph(
        'Der Download enthält Ihre Daten in maschinenlesbaren Dateien (JSON und CSV) und eine Zusammenfassung zum Lesen: wofür wir die Daten verwenden, an wen wir sie weitergeben, wie lange wir sie aufbewahren und woher sie stammen.',
      ),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  deletion_done: (v) => ({
    subject: subjectLine('Wir haben Ihre personenbezogenen Daten gelöscht', v),
    preheader: 'Ihre Anfrage auf Löschung ist erledigt.',
    heading: 'Ihre Daten sind gelöscht',
    blocks: present(
      paragraph(
        'Wir haben Ihre personenbezogenen Daten wie gewünscht gelöscht. Die Unternehmen, die sie in unserem Auftrag verarbeiten, haben wir aufgefordert, dasselbe zu tun.',
      ),
      facts([referenceRow(v)]),
      v.exceptions !== undefined &&
        v.exceptions.length > 0 &&
        paragraph('Einige Daten mussten wir behalten, weil das Gesetz es uns vorschreibt oder erlaubt:'),
      v.exceptions !== undefined && v.exceptions.length > 0 && list(v.exceptions),
      ...(v.exceptions !== undefined && v.exceptions.length > 0 ? howToAppeal(v.jurisdiction, v.statusUrl) : []),
      paragraph(
        'Wir speichern einen Nachweis über Ihre Anfrage: wann Sie sie gestellt haben, was Sie verlangt haben und wie wir geantwortet haben. Das Gesetz verpflichtet uns, diesen Nachweis 24 Monate lang aufzubewahren. Er enthält nicht die Daten, die wir gelöscht haben.',
      ),
      paragraph('Falls wir jemals eine alte Sicherungskopie wiederherstellen, löschen wir Ihre Daten daraus erneut.'),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  correction_done: (v) => ({
    subject: subjectLine('Wir haben Ihre Anfrage auf Berichtigung beantwortet', v),
    preheader: 'Ihre Anfrage auf Berichtigung ist erledigt.',
    heading: 'Ihre Anfrage auf Berichtigung ist erledigt',
    blocks: present(
      paragraph(
        v.reason === undefined
          ? 'Wir haben Ihre personenbezogenen Daten wie gewünscht berichtigt. Die Unternehmen, die sie in unserem Auftrag verarbeiten, haben wir aufgefordert, dasselbe zu tun.'
          : 'Wir haben Ihre personenbezogenen Daten berichtigt, soweit uns das möglich war. Die Unternehmen, die sie in unserem Auftrag verarbeiten, haben wir aufgefordert, dasselbe zu tun. Einige Änderungen haben wir nicht vorgenommen:',
      ),
      v.reason !== undefined && quote(v.reason),
      facts([referenceRow(v)]),
      ...(v.reason !== undefined ? howToAppeal(v.jurisdiction, v.statusUrl) : []),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  restriction_done: (v) => ({
    subject: subjectLine('Wir haben die Nutzung Ihrer Daten eingeschränkt', v),
    preheader: 'Ihre Anfrage auf Einschränkung ist erledigt.',
    heading: 'Die Nutzung Ihrer Daten ist eingeschränkt',
    blocks: present(
      paragraph(
        'Wir haben die Nutzung Ihrer personenbezogenen Daten wie gewünscht eingeschränkt. Wir speichern die Daten weiter, nutzen sie aber nicht, bis die Einschränkung aufgehoben ist. Die Unternehmen, die sie in unserem Auftrag verarbeiten, haben wir informiert.',
      ),
      paragraph('Bevor wir die Einschränkung aufheben, sagen wir Ihnen Bescheid.'),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  restriction_lifted: (v) => ({
    subject: subjectLine('Die Einschränkung für Ihre Daten ist aufgehoben', v),
    preheader: 'Wir dürfen Ihre Daten wieder nutzen.',
    heading: 'Die Einschränkung ist aufgehoben',
    blocks: present(
      paragraph(
        'Die Einschränkung der Nutzung Ihrer personenbezogenen Daten ist aufgehoben. Wir dürfen sie wieder nutzen, wie in unserer Datenschutzerklärung beschrieben.',
      ),
      v.reason !== undefined && paragraph('Der Grund:'),
      v.reason !== undefined && quote(v.reason),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  unsubscribe_done: (v) => ({
    subject: subjectLine('Sie sind abgemeldet', v),
    preheader: 'Wir kontaktieren Sie über diese Kanäle nicht mehr zu Werbezwecken.',
    heading: 'Sie sind abgemeldet',
    blocks: present(
      paragraph('Wir nutzen Ihre personenbezogenen Daten über diese Kanäle nicht mehr für Werbung:'),
      list(v.channels.map((channel) => channels[channel])),
      paragraph(
        'Nachrichten, die Sie zu Ihren eigenen Anliegen brauchen, erhalten Sie möglicherweise weiterhin, zum Beispiel Antworten auf Ihre Anfragen.',
      ),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  opt_out_done: (v) => ({
    subject: subjectLine(
      v.requestType === 'limit_sensitive'
        ? 'Wir schränken jetzt die Nutzung Ihrer sensiblen Daten ein'
        : 'Ihr Opt-out ist umgesetzt',
      v,
    ),
    preheader: 'Ihre Anfrage ist erledigt.',
    heading: 'Ihre Anfrage ist erledigt',
    blocks: present(
      paragraph(
        v.requestType === 'limit_sensitive'
          ? 'Wir nutzen Ihre sensiblen personenbezogenen Daten jetzt nur noch für das, was Sie von uns brauchen, so wie es das Gesetz erlaubt. Die Unternehmen, an die wir sie weitergegeben haben, haben wir informiert.'
          : 'Wir verkaufen Ihre personenbezogenen Daten nicht mehr und geben sie nicht mehr weiter. Die Unternehmen, an die wir sie verkauft oder weitergegeben haben, haben wir aufgefordert, damit ebenfalls aufzuhören.',
      ),
      facts([referenceRow(v), ['Anfrage', capitalise(requestTypes[v.requestType])]]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  denied: (v) => ({
    subject: subjectLine('Wir können Ihrer Anfrage nicht nachkommen', v),
    preheader: 'Unsere Entscheidung über Ihre Anfrage, und was Sie tun können.',
    heading: 'Wir haben Ihre Anfrage abgelehnt',
    blocks: present(
      paragraph('Wir haben Ihre Anfrage sorgfältig geprüft und können ihr nicht nachkommen. Der Grund:'),
      quote(v.reason),
      facts([referenceRow(v)]),
      ...rightsAfterRefusal(v.jurisdiction, v.statusUrl),
      statusPage(v.statusUrl),
    ),
  }),

  appeal_granted: (v) => ({
    subject: subjectLine('Wir haben Ihrem Einspruch stattgegeben', v),
    preheader: 'Wir haben unsere Entscheidung geändert.',
    heading: 'Wir haben Ihrem Einspruch stattgegeben',
    blocks: present(
      paragraph('Wir haben unsere Entscheidung noch einmal geprüft und geben Ihrem Einspruch statt. Unsere Gründe:'),
      quote(v.reason),
      paragraph(
        'Unser Datenschutzteam bearbeitet jetzt Ihre frühere Anfrage und schreibt Ihnen, sobald sie erledigt ist.',
      ),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  appeal_denied: (v) => ({
    subject: subjectLine('Wir haben Ihren Einspruch abgelehnt', v),
    preheader: 'Unsere Entscheidung über Ihren Einspruch, und wo Sie sich beschweren können.',
    heading: 'Wir haben Ihren Einspruch abgelehnt',
    blocks: present(
      paragraph('Wir haben unsere Entscheidung noch einmal geprüft und bleiben dabei. Unsere Gründe:'),
      quote(v.reason),
      facts([referenceRow(v), ['Gesetz', jurisdictions[v.jurisdiction]]]),
      heading('Wenn Sie nicht einverstanden sind'),
      isPrivacyLaw(v.jurisdiction) && hasAppeal(v.jurisdiction) && regulatorBlock(v.jurisdiction),
      statusPage(v.statusUrl),
    ),
  }),

  not_obligated: (v) => ({
    subject: subjectLine('Wir sind nicht verpflichtet, diese Anfrage zu beantworten', v),
    preheader: 'Warum, und was Sie tun können.',
    heading: 'Wir sind nicht verpflichtet, diese Anfrage zu beantworten',
    blocks: present(
      paragraph('Wir haben Ihre Anfrage geschlossen, ohne ihr nachzukommen. Der Grund:'),
      quote(v.reason),
      v.nextOwedAt !== undefined &&
        paragraph(
          `Ab ${v.nextOwedAt} können Sie wieder eine Anfrage dieser Art stellen. Diese Anfrage werden wir beantworten.`,
        ),
      facts([referenceRow(v)]),
      ...rightsAfterRefusal(v.jurisdiction),
      statusPage(v.statusUrl),
    ),
  }),

  closed_unverified: (v) => ({
    subject: subjectLine('Wir haben Ihre Anfrage geschlossen, weil sie nicht bestätigt wurde', v),
    preheader: 'Sie können jederzeit eine neue Anfrage stellen.',
    heading: 'Ihre Anfrage ist geschlossen',
    blocks: present(
      paragraph(
        `Wir haben Ihre Anfrage geschlossen, weil wir nicht innerhalb von ${plural(v.verificationWindowDays, 'Tag', 'Tagen')} bestätigen konnten, dass sie von Ihnen kommt.`,
      ),
      v.reason !== undefined && quote(v.reason),
      paragraph(
        'Wir haben die Anfrage nicht bearbeitet. Wenn Sie das weiterhin wünschen, stellen Sie bitte eine neue Anfrage: Das ist kostenlos.',
      ),
      facts([referenceRow(v)]),
      ...rightsAfterRefusal(v.jurisdiction),
    ),
  }),

  withdrawn: (v) => ({
    subject: subjectLine('Ihre Anfrage ist zurückgezogen', v),
    preheader: 'Wir haben die Bearbeitung eingestellt.',
    heading: 'Ihre Anfrage ist zurückgezogen',
    blocks: [
      paragraph(
        'Ihre Anfrage wurde zurückgezogen, und wir haben die Bearbeitung eingestellt. Sie können jederzeit eine neue Anfrage stellen.',
      ),
      paragraph(
        'Wie gesetzlich vorgeschrieben, speichern wir einen Nachweis darüber, dass die Anfrage gestellt und zurückgezogen wurde.',
      ),
      facts([referenceRow(v)]),
      paragraph(
        'Wenn Sie diese Anfrage nicht zurückgezogen haben, antworten Sie auf diese E-Mail und geben Sie Ihr Aktenzeichen an.',
      ),
    ],
  }),

  linked_duplicate: (v) => ({
    subject: subjectLine('Sie haben bereits eine offene Anfrage dieser Art', v),
    preheader: 'Wir beantworten beide zusammen.',
    heading: 'Wir haben diese Anfrage mit Ihrer offenen Anfrage verbunden',
    blocks: present(
      paragraph(
        `Sie haben bereits eine offene Anfrage auf ${requestTypes[v.requestType]}. Wir haben diese neue Anfrage damit verbunden. So erhalten Sie eine vollständige Antwort statt zwei.`,
      ),
      paragraph('Sie müssen nichts weiter tun. Das Antwortdatum Ihrer offenen Anfrage bleibt gleich.'),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  agent_received: (v) => ({
    subject: subjectLine('Wir haben die Anfrage erhalten, die Sie für eine andere Person gestellt haben', v),
    preheader: 'So geht es weiter.',
    heading: 'Wir haben Ihre Anfrage als bevollmächtigte Vertretung (Authorized Agent) erhalten',
    blocks: present(
      paragraph(
        `Vielen Dank. Wir haben die Anfrage erhalten, die Sie für eine andere Person gestellt haben: eine Anfrage auf ${requestTypes[v.requestType]}.`,
      ),
      facts([referenceRow(v), ...(v.dueAt !== undefined ? [['Antwort voraussichtlich bis', v.dueAt] as const] : [])]),
      heading('So geht es weiter'),
      list([
        'Wir schicken Ihnen eine separate E-Mail mit einem Code und einem Link. Damit bestätigen Sie, dass diese E-Mail-Adresse Ihnen gehört.',
        'Wir prüfen die unterschriebene Erlaubnis, die Sie uns gegeben haben.',
        'Sofern Sie uns keine Vollmacht (Power of Attorney) vorgelegt haben, schreiben wir der Person, für die Sie handeln, eine E-Mail. Wir bitten sie, uns direkt zu bestätigen, dass sie Ihnen die Erlaubnis gegeben hat. Erst danach können wir die Anfrage bearbeiten.',
      ]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  agent_confirm: (v) => ({
    subject: subjectLine(
      'Bitte bestätigen Sie: Haben Sie jemanden beauftragt, eine Datenschutzanfrage für Sie zu stellen?',
      v,
    ),
    preheader: 'Eine bevollmächtigte Vertretung (Authorized Agent) hat in Ihrem Namen eine Anfrage gestellt.',
    heading: 'Haben Sie jemanden beauftragt, für Sie zu handeln?',
    blocks: present(
      paragraph(
        `Eine Person hat uns mitgeteilt, dass sie für Sie handelt, und in Ihrem Namen eine Anfrage auf ${requestTypes[v.requestType]} gestellt.`,
      ),
      paragraph('Wenn Sie dieser Person die Erlaubnis gegeben haben, bestätigen Sie das bitte direkt bei uns:'),
      button('Ja, ich habe die Erlaubnis gegeben', v.verifyUrl),
      v.code !== undefined && code('Oder geben Sie diesen Code ein', v.code),
      v.codeExpiresAt !== undefined && paragraph(`Das ist bis zum ${v.codeExpiresAt} möglich.`),
      paragraph(
        'Wenn Sie niemandem die Erlaubnis gegeben haben, tun Sie nichts: Dann wird die Anfrage nicht bearbeitet. Sie können uns das auch mitteilen, indem Sie auf diese E-Mail antworten.',
      ),
      facts([referenceRow(v)]),
    ),
  }),

  operator_approval_needed: (v) => ({
    subject: subjectLine(
      `Freigabe erforderlich: Anfrage vom Typ ${v.requestType} (${v.jurisdiction}), fällig am ${v.dueAt}`,
      v,
    ),
    preheader: 'Eine Anfrage wartet auf eine Entscheidung des Datenschutzteams.',
    heading: 'Eine Anfrage braucht Ihre Freigabe',
    blocks: [
      facts([
        ['Anfrage', v.reference],
        ['Typ', v.requestType],
        ['Gesetz', jurisdictions[v.jurisdiction]],
        ['Fällig am', v.dueAt],
      ]),
      paragraph(
        'Öffnen Sie die Anfrage in der Temporal UI und senden Sie das Update `approve` oder `deny` (eine Ablehnung braucht eine Begründung; sie wird an die betroffene Person geschickt).',
      ),
      button('Anfrage öffnen', v.workflowUrl),
    ],
  }),

  operator_reminder: (v) => ({
    subject: subjectLine(`Erinnerung: Anfrage fällig in ${plural(v.daysLeft, 'Tag', 'Tagen')} (${v.dueAt})`, v),
    preheader: 'Eine offene Anfrage erreicht bald ihre Frist.',
    heading: `Fällig in ${plural(v.daysLeft, 'Tag', 'Tagen')}`,
    blocks: [
      facts([
        ['Anfrage', v.reference],
        ...(v.requestType !== undefined ? [['Typ', v.requestType] as const] : []),
        ...(v.jurisdiction !== undefined ? [['Gesetz', jurisdictions[v.jurisdiction]] as const] : []),
        ['Fällig am', v.dueAt],
      ]),
      paragraph(
        'Wenn sie nicht rechtzeitig beantwortet werden kann, verlängern Sie die Frist vor dem Fälligkeitsdatum mit einer Begründung (Update `extend`); die Begründung wird an die betroffene Person geschickt.',
      ),
      button('Anfrage öffnen', v.workflowUrl),
    ],
  }),

  operator_overdue: (v) => ({
    subject: subjectLine(`ÜBERFÄLLIG: Anfrage war fällig am ${v.dueAt}`, v),
    preheader: 'Eine offene Anfrage hat ihre Frist überschritten.',
    heading: 'Eine Anfrage ist überfällig',
    blocks: [
      facts([
        ['Anfrage', v.reference],
        ...(v.requestType !== undefined ? [['Typ', v.requestType] as const] : []),
        ...(v.jurisdiction !== undefined ? [['Gesetz', jurisdictions[v.jurisdiction]] as const] : []),
        ['War fällig am', v.dueAt],
      ]),
      paragraph(
        'Beantworten Sie sie jetzt. Überfällige Anfragen finden Sie in der Temporal UI mit der Abfrage DsarOverdue = true.',
      ),
      button('Anfrage öffnen', v.workflowUrl),
    ],
  }),

  operator_activity_failing: (v) => ({
    subject: subjectLine(`Activity schlägt wiederholt fehl: ${v.activity}`, v),
    preheader: 'Temporal versucht es immer wieder; bitte sehen Sie sich das an.',
    heading: 'Eine Activity schlägt immer wieder fehl',
    blocks: present(
      facts([
        ['Anfrage', v.reference],
        ['Activity', v.activity],
      ]),
      v.reason !== undefined && paragraph('Letzter Fehler:'),
      v.reason !== undefined && quote(v.reason),
      paragraph(
        'Temporal wiederholt sie immer wieder, mit wachsenden Abständen (Backoff). Die Anfrage geht erst weiter, wenn sie erfolgreich ist; der Verlauf des Workflows (History) zeigt jeden Versuch.',
      ),
      button('Anfrage öffnen', v.workflowUrl),
    ),
  }),
};

export const de: LocaleStrings = {
  lang: 'de',
  dateLocale: 'de-DE',
  requestTypes,
  channels,
  jurisdictions,
  greeting: (audience) => (audience === 'operator' ? 'Hallo Datenschutzteam,' : 'Guten Tag,'),
  signOff: (view, audience) =>
    audience === 'operator' ? '— Rightsflow (automatische Nachricht)' : `Ihr Datenschutzteam von ${view.brandName}`,
  footer: (view, audience) =>
    audience === 'operator'
      ? `Von Rightsflow an das Datenschutzteam von ${view.brandName} gesendet. Aktenzeichen ${view.reference}.`
      : `Sie erhalten diese E-Mail, weil mit dieser Adresse eine Datenschutzanfrage an ${view.brandName} gestellt wurde. Aktenzeichen ${view.reference}. Wir fragen niemals per E-Mail nach Passwörtern.`,
  messages,
};
