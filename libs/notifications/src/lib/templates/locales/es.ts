import {
  hasAppeal,
  isPrivacyLaw,
  Jurisdiction,
  lawFacts,
  RequestType,
  StateLaw,
  verificationLevel,
} from '@rightsflow/domain';
import { Block, button, code, facts, heading, list, paragraph, present, quote } from '../blocks';
import { CommonView } from '../message-view';
import { LocaleStrings } from './locale-strings';
import { capitalise, pluralIn } from './words';

/**
 * Spanish (español). Formal register ("usted"), neutral Spanish for Spain and
 * the Americas. Plain language, short sentences, the reference in every
 * subject line, and nothing personal beyond what the reader gave us: no names,
 * no addresses, never the data itself.
 *
 * Request types are infinitive phrases ("obtener una copia de sus datos
 * personales") so that they fit "su solicitud para …" in every sentence, and
 * "sus datos" reads right both for the person and for an agent writing for them.
 * Official US names (law titles, agencies) stay in English, with a Spanish gloss.
 */

const plural = pluralIn('es');

const requestTypes: LocaleStrings['requestTypes'] = {
  access: 'obtener una copia de sus datos personales',
  access_categories: 'saber qué categorías de sus datos personales tenemos',
  portability: 'recibir sus datos personales en un formato portátil',
  deletion: 'eliminar sus datos personales',
  correction: 'corregir sus datos personales',
  restriction: 'limitar el uso que hacemos de sus datos personales',
  lift_restriction: 'levantar la limitación del uso de sus datos personales',
  objection: 'oponerse al uso de sus datos personales con fines de marketing',
  opt_out_sale: 'excluirse de la venta o el intercambio de sus datos personales',
  limit_sensitive: 'limitar el uso de sus datos personales sensibles',
  appeal: 'apelar nuestra decisión sobre su solicitud anterior',
};

const channels: LocaleStrings['channels'] = {
  email: 'Correo electrónico',
  sms: 'Mensajes de texto (SMS)',
  push: 'Notificaciones push en dispositivos móviles',
  in_app: 'Mensajes dentro de la aplicación',
  web_push: 'Notificaciones del navegador (web push)',
};

/** A Spanish gloss of each US state law's official (English) title. */
const stateLawGloss: Record<StateLaw, string> = {
  VCDPA: 'ley de protección de datos del consumidor de Virginia',
  CPA: 'ley de privacidad de Colorado',
  CTDPA: 'ley de privacidad de datos de Connecticut',
  TDPSA: 'ley de privacidad y seguridad de datos de Texas',
  OCPA: 'ley de privacidad del consumidor de Oregón',
};

/** Who hears a complaint under each state law, in Spanish; the official English name follows in brackets. */
const stateRegulatorGloss: Record<StateLaw, string> = {
  VCDPA: 'la Oficina del Fiscal General del estado de Virginia, Sección de Protección al Consumidor',
  CPA: 'el Fiscal General del estado de Colorado',
  CTDPA: 'la Oficina del Fiscal General del estado de Connecticut',
  TDPSA: 'la Oficina del Fiscal General del estado de Texas, División de Protección al Consumidor',
  OCPA: 'el Departamento de Justicia del estado de Oregón, Protección al Consumidor',
};

const jurisdictions: LocaleStrings['jurisdictions'] = {
  GDPR: 'RGPD (UE/EEE)',
  CCPA: 'CCPA/CPRA (California)',
  UK_GDPR: 'UK GDPR y Data Protection Act 2018 (Reino Unido)',
  VCDPA: `Virginia Consumer Data Protection Act (${stateLawGloss.VCDPA})`,
  CPA: `Colorado Privacy Act (${stateLawGloss.CPA})`,
  CTDPA: `Connecticut Data Privacy Act (${stateLawGloss.CTDPA})`,
  TDPSA: `Texas Data Privacy and Security Act (${stateLawGloss.TDPSA})`,
  OCPA: `Oregon Consumer Privacy Act (${stateLawGloss.OCPA})`,
  OTHER: 'Otra ley de privacidad',
};

const subjectLine = (title: string, view: CommonView) => `${title} (ref. ${view.reference})`;

const referenceRow = (view: CommonView) => ['Su referencia', view.reference] as const;

const statusPage = (url: string | undefined): Block | false =>
  url !== undefined &&
  paragraph('Puede seguir su solicitud en cualquier momento en su página de estado:', {
    label: 'Abrir la página de estado',
    url,
  });

const replyToUs = paragraph('¿Tiene preguntas? Responda a este correo e indique su referencia.');

/** A state's regulator: the Spanish description, then the official name from the law's facts. */
function stateRegulator(law: StateLaw): string {
  return `${stateRegulatorGloss[law]} (${lawFacts(law).regulator.name})`;
}

/** R03: how verification works for this type of request, in the words a subject needs. */
function howVerificationWorks(type: RequestType, jurisdiction: Jurisdiction, windowDays: number): Block[] {
  const level = verificationLevel(type, jurisdiction);
  if (level === 'none') {
    return [
      paragraph(
        'Este tipo de solicitud no necesita una comprobación de identidad, y no necesita tener una cuenta. La tramitamos tal como nos la envió.',
      ),
    ];
  }
  const blocks: Block[] = [
    heading('Cómo comprobamos que es usted'),
    paragraph(
      'Para proteger sus datos, primero nos aseguramos de que esta solicitud viene de usted. Le enviaremos un correo aparte con un código de 6 dígitos y un enlace. Escriba el código, o abra el enlace y haga clic en el botón de confirmación.',
    ),
    paragraph(
      `Si no confirma en un plazo de ${plural(windowDays, 'día', 'días')}, cerraremos la solicitud. Puede presentar una nueva en cualquier momento.`,
    ),
  ];
  if (level === 'reasonably_high') {
    blocks.push(
      paragraph(
        'Como ha pedido datos personales concretos, también le pediremos que confirme al menos tres datos que ya tenemos sobre usted y que firme una declaración, bajo pena de perjurio conforme a la ley de California, de que usted es la persona a la que se refiere la solicitud. Si no podemos comprobar su identidad con ese nivel de seguridad, le indicaremos de todos modos qué categorías de datos tenemos sobre usted.',
      ),
    );
  }
  if (jurisdiction === 'GDPR') {
    blocks.push(
      paragraph(
        'Solo le pediremos más información si tenemos dudas razonables sobre su identidad. La comprobación de identidad es gratuita.',
      ),
    );
  } else {
    blocks.push(
      paragraph(
        'La comprobación de identidad es gratuita. Usamos lo que nos facilite únicamente para esta comprobación.',
      ),
    );
  }
  return blocks;
}

/** R26: where to complain about a denied appeal: the state's Attorney General, from the law's facts. */
function regulatorBlock(jurisdiction: StateLaw): Block {
  const { regulator } = lawFacts(jurisdiction);
  return paragraph(
    `Si no está de acuerdo con esta decisión, puede presentar una queja ante ${stateRegulator(jurisdiction)}${regulator.phone ? `, teléfono ${regulator.phone}` : ''}:`,
    { label: regulator.url.replace(/^https:\/\//, ''), url: regulator.url },
  );
}

/** R26: under a US state law, how to appeal a refusal in whole or in part, and how long we have to decide. */
function howToAppeal(jurisdiction: Jurisdiction | undefined, statusUrl?: string): Block[] {
  if (jurisdiction === undefined || !isPrivacyLaw(jurisdiction) || !hasAppeal(jurisdiction)) return [];
  const facts = lawFacts(jurisdiction);
  return [
    heading('Cómo apelar'),
    paragraph(
      // The status page's button, as the Spanish page labels it (appeal.button in web/i18n/locales/es.json).
      `Conforme a la ${facts.title} (${stateLawGloss[jurisdiction]}), puede apelar esta decisión. Abra la página de estado de su solicitud y haga clic en el botón "Apelar esta decisión", o responda a este correo e indique su referencia. Explíquenos por qué no está de acuerdo.`,
      ...(statusUrl ? [{ label: 'Abrir la página de estado', url: statusUrl }] : []),
    ),
    paragraph(
      `Decidiremos en un plazo de ${facts.appeal?.decisionDays ?? 45} días desde que recibamos su apelación y le comunicaremos nuestra decisión por escrito, con nuestros motivos. Si rechazamos su apelación, le indicaremos cómo presentar una queja ante ${stateRegulator(jurisdiction)}.`,
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
        heading('Si no está de acuerdo'),
        paragraph(
          "Conforme al artículo 77 del UK GDPR (el RGPD tal como se aplica en el Reino Unido), tiene derecho a presentar una reclamación ante la autoridad de protección de datos del Reino Unido, la Information Commissioner's Office (ICO), teléfono 0303 123 1113:",
          { label: 'ico.org.uk/make-a-complaint', url: 'https://ico.org.uk/make-a-complaint/' },
        ),
        paragraph(
          'También tiene derecho a un recurso judicial (artículo 79 del UK GDPR y Data Protection Act 2018): puede llevar el asunto ante los tribunales.',
        ),
        paragraph('También puede responder a este correo y volveremos a examinar nuestra decisión.'),
      ];
    case 'GDPR':
      return [
        heading('Si no está de acuerdo'),
        paragraph(
          'Conforme al artículo 77 del RGPD, tiene derecho a presentar una reclamación ante una autoridad de control de protección de datos, en particular en el país de la UE o del EEE donde vive, donde trabaja o donde cree que se produjo el problema. Puede encontrar su autoridad aquí:',
          {
            label: 'lista de autoridades de protección de datos',
            url: 'https://www.edpb.europa.eu/about-edpb/about-edpb/members_en',
          },
        ),
        paragraph(
          'También tiene derecho a la tutela judicial efectiva (artículo 79 del RGPD): puede llevar el asunto ante los tribunales.',
        ),
        paragraph('También puede responder a este correo y volveremos a examinar nuestra decisión.'),
      ];
    case 'CCPA':
      return [
        heading('Si no está de acuerdo'),
        paragraph(
          'Puede apelar esta decisión: responda a este correo, indique su referencia y explíquenos por qué no está de acuerdo. Una persona que no participó en la decisión la revisará y le responderá por escrito.',
        ),
        paragraph(
          'También puede comunicarse con la California Privacy Protection Agency (Agencia de Protección de la Privacidad de California):',
          { label: 'cppa.ca.gov', url: 'https://cppa.ca.gov/' },
        ),
        paragraph('o con el Fiscal General (Attorney General) del estado de California:', {
          label: 'oag.ca.gov/privacy',
          url: 'https://oag.ca.gov/privacy',
        }),
      ];
    default:
      return [
        heading('Si no está de acuerdo'),
        paragraph(
          'Puede responder a este correo, indicar su referencia y explicarnos por qué no está de acuerdo; volveremos a examinar nuestra decisión. También puede tener derecho a presentar una reclamación ante la autoridad de protección de datos o de protección del consumidor del lugar donde vive.',
        ),
      ];
  }
}

const messages: LocaleStrings['messages'] = {
  acknowledgement: (v) => ({
    subject: subjectLine('Hemos recibido su solicitud de privacidad', v),
    preheader: `Le responderemos a más tardar el ${v.dueAt}.`,
    heading: 'Hemos recibido su solicitud',
    blocks: present(
      paragraph(`Gracias. Hemos recibido su solicitud para ${requestTypes[v.requestType]}.`),
      facts([
        referenceRow(v),
        ['Solicitud', capitalise(requestTypes[v.requestType])],
        ['Ley', jurisdictions[v.jurisdiction]],
        ['Fecha límite de respuesta', v.dueAt],
      ]),
      ...howVerificationWorks(v.requestType, v.jurisdiction, v.verificationWindowDays),
      heading('Cuándo tendrá noticias nuestras'),
      paragraph(
        `Recibirá nuestra respuesta a más tardar el ${v.dueAt}. Si necesitamos más tiempo, se lo diremos antes de esa fecha, con el motivo y la nueva fecha.`,
      ),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  verification_code: (v) => ({
    subject: subjectLine(`Su código de confirmación es ${v.code}`, v),
    preheader: `Confirme su solicitud de privacidad. El código es válido hasta el ${v.codeExpiresAt}.`,
    heading: 'Confirme que es usted',
    blocks: [
      paragraph(
        'Para continuar con su solicitud de privacidad, confirme que la ha hecho usted. Use el código o el enlace que aparecen a continuación.',
      ),
      code('Su código', v.code),
      button('Confirmar mi solicitud', v.verifyUrl),
      paragraph(
        `El código y el enlace son válidos hasta el ${v.codeExpiresAt}. El enlace abre una página en la que debe hacer clic en un botón para confirmar.`,
      ),
      facts([referenceRow(v)]),
      paragraph(
        'Si usted no hizo esta solicitud, ignore este correo: no ocurrirá nada. No comparta nunca este código con nadie.',
      ),
    ],
  }),

  verified: (v) => ({
    subject: subjectLine('Gracias, su solicitud está confirmada', v),
    preheader: `Le responderemos a más tardar el ${v.dueAt}.`,
    heading: 'Su solicitud está confirmada',
    blocks: present(
      paragraph(`Gracias por confirmarla. Ya estamos trabajando en su solicitud para ${requestTypes[v.requestType]}.`),
      facts([referenceRow(v), ['Fecha límite de respuesta', v.dueAt]]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  extension_notice: (v) => ({
    subject: subjectLine('Necesitamos más tiempo para responder a su solicitud', v),
    preheader: `Le responderemos a más tardar el ${v.newDueAt}.`,
    heading: 'Necesitamos más tiempo',
    blocks: present(
      paragraph(
        v.dueAt !== undefined
          ? `Lo sentimos: no podremos responder a su solicitud en el plazo previsto, que terminaba el ${v.dueAt}. Le responderemos a más tardar el ${v.newDueAt}.`
          : `Lo sentimos: necesitamos más tiempo para responder a su solicitud. Le responderemos a más tardar el ${v.newDueAt}.`,
      ),
      paragraph('El motivo:'),
      quote(v.reason),
      facts([referenceRow(v), ['Nueva fecha de respuesta', v.newDueAt]]),
      v.jurisdiction === 'GDPR' &&
        paragraph(
          'El RGPD (artículo 12, apartado 3) nos permite prorrogar el plazo de respuesta hasta dos meses más cuando una solicitud es compleja o cuando recibimos muchas solicitudes, siempre que le expliquemos el motivo.',
        ),
      v.jurisdiction === 'CCPA' &&
        paragraph(
          'La CCPA nos permite tomar un único plazo adicional de hasta 45 días cuando sea razonablemente necesario, siempre que le expliquemos el motivo.',
        ),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  access_ready: (v) => ({
    subject: subjectLine('Sus datos están listos para descargar', v),
    preheader: `El enlace seguro es válido hasta el ${v.linkExpiresAt.at}.`,
    heading: 'Sus datos están listos',
    blocks: present(
      paragraph(
        'Hemos reunido los datos personales que nos pidió. Por su seguridad, nunca los enviamos por correo electrónico: descárguelos con este enlace seguro, que solo sirve para su solicitud.',
      ),
      button('Descargar mis datos', v.downloadUrl),
      facts([
        referenceRow(v),
        ['Enlace válido hasta', `${v.linkExpiresAt.at} (dentro de ${plural(v.linkExpiresAt.days, 'día', 'días')})`],
      ]),
      paragraph(
        'Cuando el enlace caduque, eliminaremos la descarga. Si no llega a tiempo, responda a este correo y le ayudaremos.',
      ),
      paragraph(
        'La descarga contiene sus datos en archivos que puede leer un programa informático (JSON y CSV) y un resumen fácil de leer, que explica para qué los usamos, con quién los compartimos, cuánto tiempo los conservamos y de dónde proceden.',
      ),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  deletion_done: (v) => ({
    subject: subjectLine('Hemos eliminado sus datos personales', v),
    preheader: 'Su solicitud de eliminación se ha completado.',
    heading: 'Sus datos se han eliminado',
    blocks: present(
      paragraph(
        'Hemos eliminado sus datos personales, como nos pidió, y hemos pedido a las empresas que los procesan para nosotros que hagan lo mismo.',
      ),
      facts([referenceRow(v)]),
      v.exceptions !== undefined &&
        v.exceptions.length > 0 &&
        paragraph('Hemos tenido que conservar algunos datos, porque la ley nos obliga o nos permite hacerlo:'),
      v.exceptions !== undefined && v.exceptions.length > 0 && list(v.exceptions),
      ...(v.exceptions !== undefined && v.exceptions.length > 0 ? howToAppeal(v.jurisdiction, v.statusUrl) : []),
      paragraph(
        'Conservamos un registro de su solicitud: cuándo la hizo, qué pidió y cómo le respondimos. La ley nos obliga a conservarlo durante 24 meses. No contiene los datos que hemos eliminado.',
      ),
      paragraph('Si alguna vez restauramos una copia de seguridad antigua, volveremos a eliminar sus datos de ella.'),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  correction_done: (v) => ({
    subject: subjectLine('Hemos respondido a su solicitud de corrección', v),
    preheader: 'Su solicitud de corrección se ha completado.',
    heading: 'Su solicitud de corrección se ha completado',
    blocks: present(
      paragraph(
        v.reason === undefined
          ? 'Hemos corregido sus datos personales, como nos pidió, y hemos pedido a las empresas que los procesan para nosotros que hagan lo mismo.'
          : 'Hemos corregido sus datos personales en la medida en que pudimos, y hemos pedido a las empresas que los procesan para nosotros que hagan lo mismo. Algunos cambios no se han hecho:',
      ),
      v.reason !== undefined && quote(v.reason),
      facts([referenceRow(v)]),
      ...(v.reason !== undefined ? howToAppeal(v.jurisdiction, v.statusUrl) : []),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  restriction_done: (v) => ({
    subject: subjectLine('Hemos limitado el uso de sus datos', v),
    preheader: 'Su solicitud de limitación se ha completado.',
    heading: 'El uso de sus datos está limitado',
    blocks: present(
      paragraph(
        'Hemos limitado el uso de sus datos personales, como nos pidió. Los conservamos, pero no los usaremos hasta que se levante la limitación, y se lo hemos comunicado a las empresas que los procesan para nosotros.',
      ),
      paragraph('Le avisaremos antes de levantar la limitación.'),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  restriction_lifted: (v) => ({
    subject: subjectLine('Se ha levantado la limitación del uso de sus datos', v),
    preheader: 'Podemos volver a usar sus datos.',
    heading: 'La limitación se ha levantado',
    blocks: present(
      paragraph(
        'Se ha levantado la limitación del uso de sus datos personales. Podemos volver a usarlos, tal como se describe en nuestro aviso de privacidad.',
      ),
      v.reason !== undefined && paragraph('El motivo:'),
      v.reason !== undefined && quote(v.reason),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  unsubscribe_done: (v) => ({
    subject: subjectLine('Ha cancelado su suscripción', v),
    preheader: 'No le enviaremos marketing por estos canales.',
    heading: 'Ha cancelado su suscripción',
    blocks: present(
      paragraph('Ya no usamos sus datos personales con fines de marketing en estos canales:'),
      list(v.channels.map((channel) => channels[channel])),
      paragraph(
        'Es posible que siga recibiendo mensajes necesarios sobre lo que usted nos pidió, como las respuestas a sus solicitudes.',
      ),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  opt_out_done: (v) => ({
    subject: subjectLine(
      v.requestType === 'limit_sensitive'
        ? 'Ahora limitamos el uso de sus datos sensibles'
        : 'Ya no venderemos ni compartiremos sus datos',
      v,
    ),
    preheader: 'Su solicitud se ha completado.',
    heading: 'Su solicitud se ha completado',
    blocks: present(
      paragraph(
        v.requestType === 'limit_sensitive'
          ? 'Ahora solo usamos sus datos personales sensibles para lo que usted necesita de nosotros, como permite la ley, y se lo hemos comunicado a las empresas con las que los compartimos.'
          : 'Ya no vendemos ni compartimos sus datos personales, y hemos pedido a las empresas a las que se los vendimos o con las que los compartimos que también dejen de hacerlo.',
      ),
      facts([referenceRow(v), ['Solicitud', capitalise(requestTypes[v.requestType])]]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  denied: (v) => ({
    subject: subjectLine('No podemos hacer lo que nos pidió', v),
    preheader: 'Nuestra decisión sobre su solicitud y lo que puede hacer.',
    heading: 'Hemos rechazado su solicitud',
    blocks: present(
      paragraph('Hemos examinado su solicitud con atención y no podemos hacer lo que nos pidió. El motivo:'),
      quote(v.reason),
      facts([referenceRow(v)]),
      ...rightsAfterRefusal(v.jurisdiction, v.statusUrl),
      statusPage(v.statusUrl),
    ),
  }),

  appeal_granted: (v) => ({
    subject: subjectLine('Hemos aceptado su apelación', v),
    preheader: 'Hemos cambiado nuestra decisión.',
    heading: 'Hemos aceptado su apelación',
    blocks: present(
      paragraph('Hemos vuelto a examinar nuestra decisión y aceptamos su apelación. Nuestros motivos:'),
      quote(v.reason),
      paragraph(
        'Nuestro equipo de privacidad atenderá ahora su solicitud anterior y le escribirá cuando haya terminado.',
      ),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  appeal_denied: (v) => ({
    subject: subjectLine('Hemos rechazado su apelación', v),
    preheader: 'Nuestra decisión sobre su apelación y ante quién puede presentar una queja.',
    heading: 'Hemos rechazado su apelación',
    blocks: present(
      paragraph('Hemos vuelto a examinar nuestra decisión y la mantenemos. Nuestros motivos:'),
      quote(v.reason),
      facts([referenceRow(v), ['Ley', jurisdictions[v.jurisdiction]]]),
      heading('Si no está de acuerdo'),
      isPrivacyLaw(v.jurisdiction) && hasAppeal(v.jurisdiction) && regulatorBlock(v.jurisdiction),
      statusPage(v.statusUrl),
    ),
  }),

  not_obligated: (v) => ({
    subject: subjectLine('No estamos obligados a atender esta solicitud', v),
    preheader: 'El motivo y lo que puede hacer.',
    heading: 'No estamos obligados a atender esta solicitud',
    blocks: present(
      paragraph('Hemos cerrado su solicitud sin atenderla. El motivo:'),
      quote(v.reason),
      v.nextOwedAt !== undefined &&
        paragraph(`Puede presentar una nueva solicitud de este tipo a partir del ${v.nextOwedAt}, y la atenderemos.`),
      facts([referenceRow(v)]),
      ...rightsAfterRefusal(v.jurisdiction),
      statusPage(v.statusUrl),
    ),
  }),

  closed_unverified: (v) => ({
    subject: subjectLine('Hemos cerrado su solicitud porque no se confirmó', v),
    preheader: 'Puede presentar una nueva solicitud en cualquier momento.',
    heading: 'Su solicitud está cerrada',
    blocks: present(
      paragraph(
        `Hemos cerrado su solicitud porque no pudimos confirmar que la hizo usted en un plazo de ${plural(v.verificationWindowDays, 'día', 'días')}.`,
      ),
      v.reason !== undefined && quote(v.reason),
      paragraph('No la hemos atendido. Si todavía desea que lo hagamos, presente una nueva solicitud: es gratuita.'),
      facts([referenceRow(v)]),
      ...rightsAfterRefusal(v.jurisdiction),
    ),
  }),

  withdrawn: (v) => ({
    subject: subjectLine('Su solicitud se ha retirado', v),
    preheader: 'Hemos dejado de trabajar en ella.',
    heading: 'Su solicitud se ha retirado',
    blocks: [
      paragraph(
        'Su solicitud se ha retirado y hemos dejado de trabajar en ella. Puede presentar una nueva solicitud en cualquier momento.',
      ),
      paragraph('Conservamos constancia de que la solicitud se presentó y se retiró, como exige la ley.'),
      facts([referenceRow(v)]),
      paragraph('Si usted no retiró esta solicitud, responda a este correo e indique su referencia.'),
    ],
  }),

  linked_duplicate: (v) => ({
    subject: subjectLine('Ya tiene abierta una solicitud de este tipo', v),
    preheader: 'Responderemos a ambas a la vez.',
    heading: 'Hemos vinculado esta solicitud a la que ya tiene abierta',
    blocks: present(
      paragraph(
        `Ya tiene abierta una solicitud para ${requestTypes[v.requestType]}. Hemos vinculado a ella esta nueva solicitud, para que reciba una sola respuesta completa en lugar de dos.`,
      ),
      paragraph('No necesita hacer nada más. La fecha de respuesta de su solicitud abierta no cambia.'),
      facts([referenceRow(v)]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  agent_received: (v) => ({
    subject: subjectLine('Hemos recibido la solicitud que presentó en nombre de otra persona', v),
    preheader: 'Los próximos pasos.',
    heading: 'Hemos recibido su solicitud como agente autorizado',
    blocks: present(
      paragraph(
        `Gracias. Hemos recibido la solicitud que presentó en nombre de otra persona para ${requestTypes[v.requestType]}.`,
      ),
      facts([referenceRow(v), ...(v.dueAt !== undefined ? [['Fecha límite de respuesta', v.dueAt] as const] : [])]),
      heading('Próximos pasos'),
      list([
        'Le enviaremos un correo aparte con un código y un enlace, para confirmar que esta dirección de correo electrónico es suya.',
        'Comprobaremos la autorización firmada que nos entregó.',
        'Salvo que nos haya entregado un poder notarial (power of attorney), escribiremos a la persona a la que representa y le pediremos que nos confirme directamente que le dio su autorización. No podremos continuar hasta que lo haga.',
      ]),
      statusPage(v.statusUrl),
      replyToUs,
    ),
  }),

  agent_confirm: (v) => ({
    subject: subjectLine(
      'Confirme, por favor: ¿pidió a alguien que presentara una solicitud de privacidad en su nombre?',
      v,
    ),
    preheader: 'Un agente autorizado presentó una solicitud en su nombre.',
    heading: '¿Pidió a alguien que actuara en su nombre?',
    blocks: present(
      paragraph(
        `Una persona nos dijo que actúa en su nombre y nos presentó, en su nombre, una solicitud para ${requestTypes[v.requestType]}.`,
      ),
      paragraph('Si usted le dio su autorización, confírmelo directamente con nosotros:'),
      button('Sí, di mi autorización', v.verifyUrl),
      v.code !== undefined && code('O escriba este código', v.code),
      v.codeExpiresAt !== undefined && paragraph(`Es válido hasta el ${v.codeExpiresAt}.`),
      paragraph(
        'Si no autorizó a nadie, no haga nada: la solicitud no seguirá adelante. Puede responder a este correo para avisarnos.',
      ),
      facts([referenceRow(v)]),
    ),
  }),

  operator_approval_needed: (v) => ({
    subject: subjectLine(
      `Aprobación necesaria: solicitud ${v.requestType} (${v.jurisdiction}), vence el ${v.dueAt}`,
      v,
    ),
    preheader: 'Una solicitud espera la decisión de un operador.',
    heading: 'Una solicitud necesita su aprobación',
    blocks: [
      facts([
        ['Solicitud', v.reference],
        ['Tipo', v.requestType],
        ['Ley', jurisdictions[v.jurisdiction]],
        ['Vence', v.dueAt],
      ]),
      paragraph(
        'Abra la solicitud en la Temporal UI y envíe la actualización (update) `approve` o `deny` (una denegación necesita un motivo, que se envía a la persona interesada).',
      ),
      button('Abrir la solicitud', v.workflowUrl),
    ],
  }),

  operator_reminder: (v) => ({
    subject: subjectLine(`Recordatorio: solicitud que vence en ${plural(v.daysLeft, 'día', 'días')} (${v.dueAt})`, v),
    preheader: 'Una solicitud abierta está cerca de su fecha de vencimiento.',
    heading: `Vence en ${plural(v.daysLeft, 'día', 'días')}`,
    blocks: [
      facts([
        ['Solicitud', v.reference],
        ...(v.requestType !== undefined ? [['Tipo', v.requestType] as const] : []),
        ...(v.jurisdiction !== undefined ? [['Ley', jurisdictions[v.jurisdiction]] as const] : []),
        ['Vence', v.dueAt],
      ]),
      paragraph(
        'Si no puede responderse a tiempo, prorróguela con un motivo antes de la fecha de vencimiento (la actualización `extend`); el motivo se envía a la persona interesada.',
      ),
      button('Abrir la solicitud', v.workflowUrl),
    ],
  }),

  operator_overdue: (v) => ({
    subject: subjectLine(`VENCIDA: la solicitud vencía el ${v.dueAt}`, v),
    preheader: 'Una solicitud abierta ha superado su fecha de vencimiento.',
    heading: 'Una solicitud está vencida',
    blocks: [
      facts([
        ['Solicitud', v.reference],
        ...(v.requestType !== undefined ? [['Tipo', v.requestType] as const] : []),
        ...(v.jurisdiction !== undefined ? [['Ley', jurisdictions[v.jurisdiction]] as const] : []),
        ['Vencía', v.dueAt],
      ]),
      paragraph(
        'Respóndala ya. Las solicitudes vencidas aparecen en la Temporal UI con la consulta DsarOverdue = true.',
      ),
      button('Abrir la solicitud', v.workflowUrl),
    ],
  }),

  operator_activity_failing: (v) => ({
    subject: subjectLine(`Actividad con fallos repetidos: ${v.activity}`, v),
    preheader: 'Temporal sigue reintentándola; alguien debería revisarla.',
    heading: 'Una actividad sigue fallando',
    blocks: present(
      facts([
        ['Solicitud', v.reference],
        ['Actividad', v.activity],
      ]),
      v.reason !== undefined && paragraph('Último error:'),
      v.reason !== undefined && quote(v.reason),
      paragraph(
        'Temporal sigue reintentándola con espera progresiva (backoff). La solicitud no avanzará hasta que la actividad termine bien; el historial del workflow muestra cada intento.',
      ),
      button('Abrir la solicitud', v.workflowUrl),
    ),
  }),
};

export const es: LocaleStrings = {
  lang: 'es',
  dateLocale: 'es-ES',
  requestTypes,
  channels,
  jurisdictions,
  greeting: (audience) => (audience === 'operator' ? 'Hola, equipo de privacidad:' : 'Hola:'),
  signOff: (view, audience) =>
    audience === 'operator' ? '— Rightsflow (mensaje automático)' : `El equipo de privacidad de ${view.brandName}`,
  footer: (view, audience) =>
    audience === 'operator'
      ? `Enviado por Rightsflow a los operadores de privacidad de ${view.brandName}. Referencia ${view.reference}.`
      : `Recibe este correo porque se presentó una solicitud de privacidad a ${view.brandName} con esta dirección. Referencia ${view.reference}. Nunca le pediremos contraseñas por correo electrónico.`,
  messages,
};
