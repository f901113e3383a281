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
 * French. Same messages as en.ts: plain language, short sentences, "vous",
 * the reference in every subject line, and nothing personal beyond what the
 * reader gave us: no names, no addresses, never the data itself.
 *
 * Typography: a non-breaking space (\u00a0) before : ; ? ! and inside « ».
 * Official names without a French equivalent (US state laws, agencies, the
 * ICO) stay in English, with a French gloss where it helps.
 */

/**
 * What a request asks for, as an infinitive phrase: it follows "votre demande
 * visant à …" and, capitalised, stands alone in the facts table.
 */
const plural = pluralIn('fr', '\u00a0');

const requestTypes: LocaleStrings['requestTypes'] = {
  access: 'obtenir une copie de vos données personnelles',
  access_categories: 'savoir quelles catégories de données personnelles nous détenons à votre sujet',
  portability: 'recevoir vos données personnelles dans un format portable',
  deletion: 'faire supprimer vos données personnelles',
  correction: 'faire rectifier vos données personnelles',
  restriction: 'faire limiter l’utilisation de vos données personnelles',
  lift_restriction: 'faire lever la limitation de l’utilisation de vos données personnelles',
  objection: 'faire cesser l’utilisation de vos données personnelles à des fins de prospection commerciale',
  opt_out_sale: 'vous opposer à la vente ou au partage de vos données personnelles',
  limit_sensitive: 'faire limiter l’utilisation de vos données personnelles sensibles',
  appeal: 'faire appel de notre décision sur votre demande précédente',
};

/** The same phrases for an authorized agent: the data belongs to the person they act for. */
const requestTypesForSomeoneElse: Record<RequestType, string> = {
  access: 'obtenir une copie de ses données personnelles',
  access_categories: 'savoir quelles catégories de données personnelles nous détenons à son sujet',
  portability: 'recevoir ses données personnelles dans un format portable',
  deletion: 'faire supprimer ses données personnelles',
  correction: 'faire rectifier ses données personnelles',
  restriction: 'faire limiter l’utilisation de ses données personnelles',
  lift_restriction: 'faire lever la limitation de l’utilisation de ses données personnelles',
  objection: 'faire cesser l’utilisation de ses données personnelles à des fins de prospection commerciale',
  opt_out_sale: 's’opposer à la vente ou au partage de ses données personnelles',
  limit_sensitive: 'faire limiter l’utilisation de ses données personnelles sensibles',
  appeal: 'faire appel de notre décision sur sa demande précédente',
};

const channels: LocaleStrings['channels'] = {
  email: 'E-mail',
  sms: 'SMS',
  push: 'Notifications push sur mobile',
  in_app: 'Messages dans l’application',
  web_push: 'Notifications du navigateur (web push)',
};

const jurisdictions: LocaleStrings['jurisdictions'] = {
  GDPR: 'RGPD (UE/EEE)',
  CCPA: 'CCPA/CPRA (Californie)',
  UK_GDPR: 'UK GDPR et Data Protection Act 2018 (Royaume-Uni)',
  VCDPA: 'Virginia Consumer Data Protection Act (État de Virginie)',
  CPA: 'Colorado Privacy Act (État du Colorado)',
  CTDPA: 'Connecticut Data Privacy Act (État du Connecticut)',
  TDPSA: 'Texas Data Privacy and Security Act (État du Texas)',
  OCPA: 'Oregon Consumer Privacy Act (État de l’Oregon)',
  OTHER: 'Autre loi sur la protection des données',
};

/**
 * Who hears a complaint, in French, after "auprès". The official name from
 * lawFacts follows in parentheses, so the reader can find the office.
 */
const regulators: Record<PrivacyLaw, string> = {
  UK_GDPR: 'de l’autorité britannique de protection des données',
  VCDPA: 'du procureur général (Attorney General) de l’État de Virginie',
  CPA: 'du procureur général (Attorney General) de l’État du Colorado',
  CTDPA: 'du procureur général (Attorney General) de l’État du Connecticut',
  TDPSA: 'du procureur général (Attorney General) de l’État du Texas',
  OCPA: 'du ministère de la Justice de l’État de l’Oregon',
};

const regulatorName = (law: PrivacyLaw) => `${regulators[law]} (${lawFacts(law).regulator.name})`;

const subjectLine = (title: string, view: CommonView) => `${title} (réf.\u00a0${view.reference})`;

const referenceRow = (view: CommonView) => ['Votre référence', view.reference] as const;

const statusPage = (url: string | undefined): Block | false =>
  url !== undefined &&
  paragraph('Vous pouvez suivre votre demande à tout moment sur sa page de suivi\u00a0:', {
    label: 'Ouvrir la page de suivi',
    url,
  });

const replyToUs = paragraph('Des questions\u00a0? Répondez à cet e-mail en indiquant votre référence.');

/** R03: how verification works for this type of request, in the words a subject needs. */
function howVerificationWorks(type: RequestType, jurisdiction: Jurisdiction, windowDays: number): Block[] {
  const level = verificationLevel(type, jurisdiction);
  if (level === 'none') {
    return [
      paragraph(
        'Ce type de demande ne nécessite pas de vérification d’identité, et vous n’avez pas besoin de compte. Nous la traitons telle quelle.',
      ),
    ];
  }
  const blocks: Block[] = [
    heading('Comment nous vérifions qu’il s’agit bien de vous'),
    paragraph(
      'Pour protéger vos données, nous vérifions d’abord que cette demande vient bien de vous. Nous allons vous envoyer un e-mail séparé avec un code à 6\u00a0chiffres et un lien. Saisissez le code, ou ouvrez le lien et cliquez sur le bouton de confirmation.',
    ),
    paragraph(
      `Si vous ne confirmez pas dans un délai de ${plural(windowDays, 'jour', 'jours')}, nous clôturons la demande. Vous pouvez en faire une nouvelle à tout moment.`,
    ),
  ];
  if (level === 'reasonably_high') {
    blocks.push(
      paragraph(
        'Comme vous avez demandé des éléments précis de vos données personnelles, nous vous demanderons aussi de confirmer au moins trois informations que nous détenons déjà à votre sujet, et de signer une déclaration sous peine de parjure (under penalty of perjury), comme le prévoit le droit californien, attestant que vous êtes bien la personne concernée par la demande. Si nous ne pouvons pas vérifier votre identité à ce niveau, nous vous indiquerons tout de même quelles catégories de données nous détenons.',
      ),
    );
  }
  if (jurisdiction === 'GDPR') {
    blocks.push(
      paragraph(
        'Nous ne vous demandons des informations supplémentaires que si nous avons un doute réel sur votre identité. La vérification de votre identité est gratuite.',
      ),
    );
  } else {
    blocks.push(
      paragraph(
        'La vérification de votre identité est gratuite. Nous utilisons les informations que vous nous fournissez uniquement pour cette vérification.',
      ),
    );
  }
  return blocks;
}

/** R26: where to complain about a denied appeal: the state's Attorney General, from the law's facts. */
function regulatorBlock(jurisdiction: Jurisdiction): Block {
  const law = jurisdiction as PrivacyLaw;
  const { regulator } = lawFacts(law);
  return paragraph(
    `Si vous n’êtes pas d’accord avec cette décision, vous pouvez déposer une plainte auprès ${regulatorName(law)}${regulator.phone ? `, par téléphone au ${regulator.phone} ou en ligne` : ', en ligne'}\u00a0:`,
    { label: regulator.url.replace(/^https:\/\//, ''), url: regulator.url },
  );
}

/** R26: under a US state law, how to appeal a refusal in whole or in part, and how long we have to decide. */
function howToAppeal(jurisdiction: Jurisdiction | undefined, statusUrl?: string): Block[] {
  if (jurisdiction === undefined || !isPrivacyLaw(jurisdiction) || !hasAppeal(jurisdiction)) return [];
  const facts = lawFacts(jurisdiction);
  const days = facts.appeal?.decisionDays ?? 45;
  return [
    heading('Comment faire appel'),
    paragraph(
      // The button's label on the status page, quoted: appeal.button in the pages' fr.json (libs/intake).
      `En vertu du ${facts.title}, vous pouvez faire appel de cette décision. Ouvrez la page de suivi de votre demande et cliquez sur «\u00a0Faire appel de cette décision\u00a0», ou répondez à cet e-mail en indiquant votre référence. Expliquez-nous pourquoi vous n’êtes pas d’accord.`,
      ...(statusUrl ? [{ label: 'Ouvrir la page de suivi', url: statusUrl }] : []),
    ),
    paragraph(
      `Nous statuerons dans un délai de ${plural(days, 'jour', 'jours')} à compter de la réception de votre appel, et nous vous communiquerons notre décision par écrit, avec nos motifs. Si nous rejetons votre appel, nous vous indiquerons comment déposer une plainte auprès ${regulatorName(jurisdiction)}.`,
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
        heading('Si vous n’êtes pas d’accord'),
        paragraph(
          'En vertu de l’UK GDPR et du Data Protection Act 2018 (Royaume-Uni), vous avez le droit de déposer une plainte auprès de l’Information Commissioner’s Office (ICO), l’autorité britannique de protection des données, par téléphone au 0303\u00a0123\u00a01113 ou en ligne\u00a0:',
          { label: 'ico.org.uk/make-a-complaint', url: 'https://ico.org.uk/make-a-complaint/' },
        ),
        paragraph(
          'Vous avez également droit à un recours juridictionnel (article\u00a079 de l’UK GDPR)\u00a0: vous pouvez saisir la justice.',
        ),
        paragraph('Vous pouvez aussi répondre à cet e-mail\u00a0: nous réexaminerons notre décision.'),
      ];
    case 'GDPR':
      return [
        heading('Si vous n’êtes pas d’accord'),
        paragraph(
          'En vertu de l’article\u00a077 du RGPD, vous avez le droit d’introduire une réclamation auprès d’une autorité de contrôle de la protection des données, en particulier dans le pays de l’UE ou de l’EEE où vous résidez, où vous travaillez ou où vous pensez que le problème s’est produit. Vous trouverez votre autorité ici\u00a0:',
          {
            label: 'liste des autorités de protection des données',
            url: 'https://www.edpb.europa.eu/about-edpb/about-edpb/members_en',
          },
        ),
        paragraph(
          'Vous avez également droit à un recours juridictionnel (article\u00a079 du RGPD)\u00a0: vous pouvez saisir la justice.',
        ),
        paragraph('Vous pouvez aussi répondre à cet e-mail\u00a0: nous réexaminerons notre décision.'),
      ];
    case 'CCPA':
      return [
        heading('Si vous n’êtes pas d’accord'),
        paragraph(
          'Vous pouvez faire appel de cette décision\u00a0: répondez à cet e-mail en indiquant votre référence, et expliquez-nous pourquoi vous n’êtes pas d’accord. Une personne qui n’a pas participé à la décision la réexaminera et vous répondra par écrit.',
        ),
        paragraph(
          'Vous pouvez aussi contacter la California Privacy Protection Agency (l’agence californienne de protection de la vie privée)\u00a0:',
          { label: 'cppa.ca.gov', url: 'https://cppa.ca.gov/' },
        ),
        paragraph('ou le procureur général (Attorney General) de l’État de Californie\u00a0:', {
          label: 'oag.ca.gov/privacy',
          url: 'https://oag.ca.gov/privacy',
        }),
      ];
    default:
      return [
        heading('Si vous n’êtes pas d’accord'),
        paragraph(
          'Vous pouvez répondre à cet e-mail en indiquant votre référence et en nous expliquant pourquoi vous n’êtes pas d’accord\u00a0; nous réexaminerons notre décision. Vous avez peut-être aussi le droit de déposer une plainte auprès de l’autorité de protection des données ou de protection des consommateurs de votre lieu de résidence.',
        ),
      ];
  }
}

const messages: LocaleStrings['messages'] = {
  acknowledgement: (v) => ({
    subject: subjectLine('Nous avons bien reçu votre demande concernant vos données personnelles', v),
    preheader: `Nous vous répondrons au plus tard le ${v.dueAt}.`,
    heading: 'Nous avons bien reçu votre demande',
    blocks: present(
      paragraph(`Merci. Nous avons bien reçu votre demande visant à ${requestTypes[v.requestType]}.`),
      facts([
        referenceRow(v),
        ['Demande', capitalise(requestTypes[v.requestType])],
        ['Loi applicable', jurisdictions[v.jurisdiction]],
        ['Réponse au plus tard le', v.dueAt],
      ]),
      ...howVerificationWorks(v.requestType, v.jurisdiction, v.verificationWindowDays),
      heading('Quand vous aurez notre réponse'),
      paragraph(
        `Vous recevrez notre réponse au plus tard le ${v.dueAt}. Si nous avons besoin de plus de temps, nous vous en indiquerons la raison, ainsi que la nouvelle date, avant cette échéance.`,
      ),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  verification_code: (v) => ({
    subject: subjectLine(`Votre code de confirmation\u00a0: ${v.code}`, v),
    preheader: `Confirmez votre demande concernant vos données personnelles. Le code est valable jusqu’au ${v.codeExpiresAt}.`,
    heading: 'Confirmez qu’il s’agit bien de vous',
    blocks: [
      paragraph(
        'Pour que nous puissions traiter votre demande concernant vos données personnelles, confirmez qu’elle vient bien de vous. Utilisez le code ou le lien ci-dessous.',
      ),
      code('Votre code', v.code),
      button('Confirmer ma demande', v.verifyUrl),
      paragraph(
        `Le code et le lien sont valables jusqu’au ${v.codeExpiresAt}. Le lien ouvre une page où vous cliquez sur un bouton pour confirmer.`,
      ),
      facts([referenceRow(v)]),
      paragraph(
        'Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail\u00a0: il ne se passera rien. Ne communiquez jamais ce code à personne.',
      ),
    ],
  }),

  verified: (v) => ({
    subject: subjectLine('Merci, votre demande est confirmée', v),
    preheader: `Nous vous répondrons au plus tard le ${v.dueAt}.`,
    heading: 'Votre demande est confirmée',
    blocks: present(
      paragraph(
        `Merci de votre confirmation. Nous traitons maintenant votre demande visant à ${requestTypes[v.requestType]}.`,
      ),
      facts([referenceRow(v), ['Réponse au plus tard le', v.dueAt]]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  extension_notice: (v) => ({
    subject: subjectLine('Nous avons besoin de plus de temps pour répondre à votre demande', v),
    preheader: `Nous vous répondrons au plus tard le ${v.newDueAt}.`,
    heading: 'Nous avons besoin de plus de temps',
    blocks: present(
      paragraph(
        v.dueAt !== undefined
          ? `Nous sommes désolés\u00a0: nous ne pourrons pas répondre à votre demande à la date prévue, le ${v.dueAt}. Nous vous répondrons au plus tard le ${v.newDueAt}.`
          : `Nous sommes désolés\u00a0: nous avons besoin de plus de temps pour répondre à votre demande. Nous vous répondrons au plus tard le ${v.newDueAt}.`,
      ),
      paragraph('La raison\u00a0:'),
      quote(v.reason),
      facts([referenceRow(v), ['Nouvelle date de réponse', v.newDueAt]]),
      v.jurisdiction === 'GDPR' &&
        paragraph(
          'Le RGPD (article\u00a012, paragraphe\u00a03) nous permet de prolonger le délai de réponse de deux mois au maximum lorsqu’une demande est complexe ou que nous recevons de nombreuses demandes, à condition de vous en indiquer la raison.',
        ),
      v.jurisdiction === 'CCPA' &&
        paragraph(
          'Le CCPA nous permet de prolonger le délai une seule fois, de 45\u00a0jours au maximum, lorsque c’est raisonnablement nécessaire, à condition de vous en indiquer la raison.',
        ),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  access_ready: (v) => ({
    subject: subjectLine('Vos données sont prêtes à être téléchargées', v),
    preheader: `Le lien sécurisé est valable jusqu’au ${v.linkExpiresAt.at}.`,
    heading: 'Vos données sont prêtes',
    blocks: present(
      paragraph(
        'Nous avons rassemblé les données personnelles que vous avez demandées. Pour votre sécurité, nous ne les envoyons jamais par e-mail\u00a0: téléchargez-les avec ce lien sécurisé, qui ne fonctionne que pour votre demande.',
      ),
      button('Télécharger mes données', v.downloadUrl),
      facts([
        referenceRow(v),
        ['Lien valable jusqu’au', `${v.linkExpiresAt.at} (dans ${plural(v.linkExpiresAt.days, 'jour', 'jours')})`],
      ]),
      paragraph(
        'À l’expiration du lien, nous supprimons le téléchargement. Si vous laissez passer ce délai, répondez à cet e-mail et nous vous aiderons.',
      ),
      paragraph(
        'Le téléchargement contient vos données dans des fichiers lisibles par un ordinateur (JSON et CSV), ainsi qu’un résumé facile à lire\u00a0: pourquoi nous les utilisons, avec qui nous les partageons, combien de temps nous les conservons et d’où elles proviennent.',
      ),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  deletion_done: (v) => ({
    subject: subjectLine('Nous avons supprimé vos données personnelles', v),
    preheader: 'Votre demande de suppression est traitée.',
    heading: 'Vos données sont supprimées',
    blocks: present(
      paragraph(
        'Nous avons supprimé vos données personnelles comme vous l’avez demandé, et nous avons demandé aux sociétés qui les traitent pour notre compte d’en faire autant.',
      ),
      facts([referenceRow(v)]),
      v.exceptions !== undefined &&
        v.exceptions.length > 0 &&
        paragraph(
          'Nous avons dû conserver certaines données, parce que la loi nous y oblige ou nous y autorise\u00a0:',
        ),
      v.exceptions !== undefined && v.exceptions.length > 0 && list(v.exceptions),
      ...(v.exceptions !== undefined && v.exceptions.length > 0 ? howToAppeal(v.jurisdiction, v.statusUrl) : []),
      paragraph(
        'Nous conservons une trace de votre demande\u00a0: sa date, ce que vous avez demandé et notre réponse. La loi nous impose de la conserver pendant 24\u00a0mois. Elle ne contient pas les données que nous avons supprimées.',
      ),
      paragraph('Si nous restaurons un jour une ancienne sauvegarde, nous en supprimerons à nouveau vos données.'),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  correction_done: (v) => ({
    subject: subjectLine('Nous avons répondu à votre demande de rectification', v),
    preheader: 'Votre demande de rectification est traitée.',
    heading: 'Votre demande de rectification est traitée',
    blocks: present(
      paragraph(
        v.reason === undefined
          ? 'Nous avons rectifié vos données personnelles comme vous l’avez demandé, et nous avons demandé aux sociétés qui les traitent pour notre compte d’en faire autant.'
          : 'Nous avons rectifié vos données personnelles dans la mesure du possible, et nous avons demandé aux sociétés qui les traitent pour notre compte d’en faire autant. Certaines modifications n’ont pas été faites\u00a0:',
      ),
      v.reason !== undefined && quote(v.reason),
      facts([referenceRow(v)]),
      ...(v.reason !== undefined ? howToAppeal(v.jurisdiction, v.statusUrl) : []),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  restriction_done: (v) => ({
    subject: subjectLine('Nous avons limité l’utilisation de vos données', v),
    preheader: 'Votre demande de limitation est traitée.',
    heading: 'L’utilisation de vos données est limitée',
    blocks: present(
      paragraph(
        'Nous avons limité l’utilisation de vos données personnelles comme vous l’avez demandé. Nous les conservons, mais nous ne les utilisons pas tant que la limitation n’est pas levée, et nous en avons informé les sociétés qui les traitent pour notre compte.',
      ),
      paragraph('Nous vous préviendrons avant de lever la limitation.'),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  restriction_lifted: (v) => ({
    subject: subjectLine('La limitation de l’utilisation de vos données est levée', v),
    preheader: 'Nous pouvons de nouveau utiliser vos données.',
    heading: 'La limitation est levée',
    blocks: present(
      paragraph(
        'La limitation de l’utilisation de vos données personnelles est levée. Nous pouvons de nouveau les utiliser, comme le décrit notre politique de confidentialité.',
      ),
      v.reason !== undefined && paragraph('La raison\u00a0:'),
      v.reason !== undefined && quote(v.reason),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  unsubscribe_done: (v) => ({
    subject: subjectLine('Votre désinscription est confirmée', v),
    preheader: 'Nous ne vous contacterons plus à des fins de prospection commerciale sur ces canaux.',
    heading: 'Votre désinscription est confirmée',
    blocks: present(
      paragraph(
        'Nous n’utilisons plus vos données personnelles à des fins de prospection commerciale sur ces canaux\u00a0:',
      ),
      list(v.channels.map((channel) => channels[channel])),
      paragraph(
        'Vous pourrez encore recevoir les messages nécessaires sur ce que vous nous avez demandé, comme les réponses à vos demandes.',
      ),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  opt_out_done: (v) => ({
    subject: subjectLine(
      v.requestType === 'limit_sensitive'
        ? 'Nous limitons désormais l’utilisation de vos données sensibles'
        : 'Votre opposition est prise en compte',
      v,
    ),
    preheader: 'Votre demande est traitée.',
    heading: 'Votre demande est traitée',
    blocks: present(
      paragraph(
        v.requestType === 'limit_sensitive'
          ? 'Nous n’utilisons désormais vos données personnelles sensibles que pour ce dont vous avez besoin de notre part, comme la loi le permet, et nous en avons informé les sociétés avec lesquelles nous les avions partagées.'
          : 'Nous ne vendons plus et ne partageons plus vos données personnelles, et nous avons demandé aux sociétés auxquelles nous les avions vendues ou avec lesquelles nous les avions partagées d’arrêter elles aussi.',
      ),
      facts([referenceRow(v), ['Demande', capitalise(requestTypes[v.requestType])]]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  denied: (v) => ({
    subject: subjectLine('Nous ne pouvons pas donner suite à votre demande', v),
    preheader: 'Notre décision sur votre demande, et ce que vous pouvez faire.',
    heading: 'Nous avons refusé votre demande',
    blocks: present(
      paragraph(
        'Nous avons examiné votre demande avec attention et nous ne pouvons pas y donner suite. La raison\u00a0:',
      ),
      quote(v.reason),
      facts([referenceRow(v)]),
      ...rightsAfterRefusal(v.jurisdiction, v.statusUrl),
      statusPage(v.statusUrl),
    ),
  }),

  appeal_granted: (v) => ({
    subject: subjectLine('Nous avons accepté votre appel', v),
    preheader: 'Nous avons changé notre décision.',
    heading: 'Nous avons accepté votre appel',
    blocks: present(
      paragraph('Nous avons réexaminé notre décision et nous acceptons votre appel. Nos motifs\u00a0:'),
      quote(v.reason),
      paragraph(
        'Notre équipe chargée de la protection des données va maintenant traiter votre demande précédente, et vous écrira une fois le traitement terminé.',
      ),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  appeal_denied: (v) => ({
    subject: subjectLine('Nous avons rejeté votre appel', v),
    preheader: 'Notre décision sur votre appel, et auprès de qui vous pouvez déposer une plainte.',
    heading: 'Nous avons rejeté votre appel',
    blocks: present(
      paragraph('Nous avons réexaminé notre décision et nous la maintenons. Nos motifs\u00a0:'),
      quote(v.reason),
      facts([referenceRow(v), ['Loi applicable', jurisdictions[v.jurisdiction]]]),
      heading('Si vous n’êtes pas d’accord'),
      isPrivacyLaw(v.jurisdiction) && hasAppeal(v.jurisdiction) && regulatorBlock(v.jurisdiction),
      statusPage(v.statusUrl),
    ),
  }),

  not_obligated: (v) => ({
    subject: subjectLine('Nous ne sommes pas tenus de répondre à cette demande', v),
    preheader: 'Pourquoi, et ce que vous pouvez faire.',
    heading: 'Nous ne sommes pas tenus de répondre à cette demande',
    blocks: present(
      paragraph('Nous avons clôturé votre demande sans y donner suite. La raison\u00a0:'),
      quote(v.reason),
      v.nextOwedAt !== undefined &&
        paragraph(
          `Vous pourrez faire une nouvelle demande de ce type à partir du ${v.nextOwedAt}, et nous y répondrons.`,
        ),
      facts([referenceRow(v)]),
      ...rightsAfterRefusal(v.jurisdiction),
      statusPage(v.statusUrl),
    ),
  }),

  closed_unverified: (v) => ({
    subject: subjectLine('Nous avons clôturé votre demande, faute de confirmation', v),
    preheader: 'Vous pouvez faire une nouvelle demande à tout moment.',
    heading: 'Votre demande est clôturée',
    blocks: present(
      paragraph(
        `Nous avons clôturé votre demande, car nous n’avons pas pu confirmer qu’elle venait bien de vous dans un délai de ${plural(v.verificationWindowDays, 'jour', 'jours')}.`,
      ),
      v.reason !== undefined && quote(v.reason),
      paragraph(
        'Nous n’y avons pas donné suite. Si vous le souhaitez toujours, faites une nouvelle demande\u00a0: c’est gratuit.',
      ),
      facts([referenceRow(v)]),
      ...rightsAfterRefusal(v.jurisdiction),
    ),
  }),

  withdrawn: (v) => ({
    subject: subjectLine('Votre demande est retirée', v),
    preheader: 'Nous avons cessé de la traiter.',
    heading: 'Votre demande est retirée',
    blocks: [
      paragraph(
        'Votre demande a été retirée, et nous avons cessé de la traiter. Vous pouvez faire une nouvelle demande à tout moment.',
      ),
      paragraph('Nous conservons une trace du dépôt et du retrait de cette demande, comme la loi l’exige.'),
      facts([referenceRow(v)]),
      paragraph('Si vous n’avez pas retiré cette demande, répondez à cet e-mail en indiquant votre référence.'),
    ],
  }),

  linked_duplicate: (v) => ({
    subject: subjectLine('Vous avez déjà une demande de ce type en cours', v),
    preheader: 'Nous répondrons aux deux en même temps.',
    heading: 'Nous avons rattaché cette demande à votre demande en cours',
    blocks: present(
      paragraph(
        `Vous avez déjà une demande en cours visant à ${requestTypes[v.requestType]}. Nous y avons rattaché cette nouvelle demande\u00a0: vous recevrez ainsi une seule réponse complète au lieu de deux.`,
      ),
      paragraph('Vous n’avez rien d’autre à faire. La date de réponse de votre demande en cours ne change pas.'),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  agent_received: (v) => ({
    subject: subjectLine('Nous avons bien reçu la demande que vous avez faite pour une autre personne', v),
    preheader: 'Les prochaines étapes.',
    heading: 'Nous avons bien reçu votre demande en tant que mandataire autorisé',
    blocks: present(
      paragraph(
        `Merci. Nous avons bien reçu la demande que vous avez faite pour une autre personne, visant à ${requestTypesForSomeoneElse[v.requestType]}.`,
      ),
      facts([referenceRow(v), ...(v.dueAt !== undefined ? [['Réponse au plus tard le', v.dueAt] as const] : [])]),
      heading('Les prochaines étapes'),
      list([
        'Nous vous envoyons un e-mail séparé avec un code et un lien, pour confirmer que cette adresse e-mail est bien la vôtre.',
        'Nous vérifions l’autorisation signée que vous nous avez fournie.',
        'Sauf si vous nous avez fourni une procuration (power of attorney), nous écrivons à la personne que vous représentez pour lui demander de nous confirmer directement qu’elle vous a donné cette autorisation. Nous ne pouvons pas donner suite tant qu’elle ne l’a pas fait.',
      ]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  agent_confirm: (v) => ({
    subject: subjectLine(
      'Merci de confirmer\u00a0: avez-vous chargé quelqu’un de faire une demande concernant vos données personnelles\u00a0?',
      v,
    ),
    preheader: 'Un mandataire autorisé a fait une demande en votre nom.',
    heading: 'Avez-vous demandé à quelqu’un d’agir pour vous\u00a0?',
    blocks: present(
      paragraph(
        `Une personne nous a indiqué agir pour vous, et nous a adressé en votre nom une demande visant à ${requestTypes[v.requestType]}.`,
      ),
      paragraph('Si vous lui avez donné cette autorisation, merci de nous le confirmer directement\u00a0:'),
      button('Oui, j’ai donné mon autorisation', v.verifyUrl),
      v.code !== undefined && code('Ou saisissez ce code', v.code),
      v.codeExpiresAt !== undefined && paragraph(`Vous pouvez confirmer jusqu’au ${v.codeExpiresAt}.`),
      paragraph(
        'Si vous n’avez donné d’autorisation à personne, ne faites rien\u00a0: la demande n’aura pas de suite. Vous pouvez répondre à cet e-mail pour nous le signaler.',
      ),
      facts([referenceRow(v)]),
    ),
  }),

  operator_approval_needed: (v) => ({
    subject: subjectLine(
      `Approbation requise\u00a0: demande ${v.requestType} (${v.jurisdiction}), échéance le ${v.dueAt}`,
      v,
    ),
    preheader: 'Une demande attend la décision d’un opérateur.',
    heading: 'Une demande attend votre approbation',
    blocks: [
      facts([
        ['Demande', v.reference],
        ['Type', v.requestType],
        ['Loi', jurisdictions[v.jurisdiction]],
        ['Échéance', v.dueAt],
      ]),
      paragraph(
        'Ouvrez la demande dans l’interface Temporal (Temporal UI) et envoyez l’update `approve` ou `deny` (un refus doit être motivé\u00a0; le motif est envoyé à la personne concernée).',
      ),
      button('Ouvrir la demande', v.workflowUrl),
    ],
  }),

  operator_reminder: (v) => ({
    subject: subjectLine(`Rappel\u00a0: demande à traiter dans ${plural(v.daysLeft, 'jour', 'jours')} (${v.dueAt})`, v),
    preheader: 'Une demande en cours approche de son échéance.',
    heading: `Échéance dans ${plural(v.daysLeft, 'jour', 'jours')}`,
    blocks: [
      facts([
        ['Demande', v.reference],
        ...(v.requestType !== undefined ? [['Type', v.requestType] as const] : []),
        ...(v.jurisdiction !== undefined ? [['Loi', jurisdictions[v.jurisdiction]] as const] : []),
        ['Échéance', v.dueAt],
      ]),
      paragraph(
        'S’il n’est pas possible d’y répondre à temps, prolongez le délai avec un motif avant l’échéance (update `extend`)\u00a0; le motif est envoyé à la personne concernée.',
      ),
      button('Ouvrir la demande', v.workflowUrl),
    ],
  }),

  operator_overdue: (v) => ({
    subject: subjectLine(`EN RETARD\u00a0: l’échéance de la demande était le ${v.dueAt}`, v),
    preheader: 'Une demande en cours a dépassé son échéance.',
    heading: 'Une demande est en retard',
    blocks: [
      facts([
        ['Demande', v.reference],
        ...(v.requestType !== undefined ? [['Type', v.requestType] as const] : []),
        ...(v.jurisdiction !== undefined ? [['Loi', jurisdictions[v.jurisdiction]] as const] : []),
        ['Échéance dépassée', v.dueAt],
      ]),
      paragraph(
        'Répondez-y maintenant. Les demandes en retard sont listées dans l’interface Temporal avec la requête DsarOverdue = true.',
      ),
      button('Ouvrir la demande', v.workflowUrl),
    ],
  }),

  operator_activity_failing: (v) => ({
    subject: subjectLine(`Échecs répétés de l’activité\u00a0: ${v.activity}`, v),
    preheader: 'Temporal continue de réessayer\u00a0; quelqu’un doit regarder.',
    heading: 'Une activité échoue sans cesse',
    blocks: present(
      facts([
        ['Demande', v.reference],
        ['Activité', v.activity],
      ]),
      v.reason !== undefined && paragraph('Dernière erreur\u00a0:'),
      v.reason !== undefined && quote(v.reason),
      paragraph(
        'Temporal continue de la relancer, avec un délai croissant entre les tentatives (backoff). La demande n’avancera pas tant que l’activité n’aura pas réussi\u00a0; l’historique du workflow montre chaque tentative.',
      ),
      button('Ouvrir la demande', v.workflowUrl),
    ),
  }),
};

export const fr: LocaleStrings = {
  lang: 'fr',
  dateLocale: 'fr-FR',
  requestTypes,
  channels,
  jurisdictions,
  greeting: (audience) => (audience === 'operator' ? 'Bonjour à l’équipe protection des données,' : 'Bonjour,'),
  signOff: (view, audience) =>
    audience === 'operator'
      ? '— Rightsflow (message automatique)'
      : `L’équipe ${view.brandName} chargée de la protection des données`,
  footer: (view, audience) =>
    audience === 'operator'
      ? `Envoyé par Rightsflow à l’équipe ${view.brandName} chargée de la protection des données. Référence\u00a0: ${view.reference}.`
      : `Vous recevez cet e-mail parce qu’une demande concernant des données personnelles a été adressée à ${view.brandName} avec cette adresse. Référence\u00a0: ${view.reference}. Nous ne vous demandons jamais de mot de passe par e-mail.`,
  messages,
};
