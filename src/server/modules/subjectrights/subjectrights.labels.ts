/**
 * The words of the access export's PDF in the four languages it is given in (fr, ar, en, es). Section titles,
 * the fixed texts and the most common fields are translated; any other field shows its stored name (the JSON
 * export carries the same names), so a field added later is never hidden for want of a label.
 */
import type { TAccessExportLanguage } from '../../../contract/subjectrights';

type Texts = {
  dir: 'ltr' | 'rtl';
  locale: string;
  title: string;
  intro: string;
  requestReceived: string;
  answeredBy: string;
  generatedAt: string;
  person: string;
  personHistory: string;
  caseTitle: string;
  accesses: string;
  accessesIntro: string;
  when: string;
  who: string;
  role: string;
  what: string;
  none: string;
  yes: string;
  no: string;
  system: string;
  footer: string;
  kinds: Record<'read' | 'export' | 'create' | 'change', string>;
  sections: Record<string, string>;
  fields: Record<string, string>;
  roles: Record<string, string>;
};

export const EXPORT_TEXTS: Record<TAccessExportLanguage, Texts> = {
  fr: {
    dir: 'ltr',
    locale: 'fr-MA',
    title: 'Les informations conservées à votre sujet',
    intro: 'Vous avez demandé à savoir ce que OpenNRM conserve à votre sujet (loi 09-08). Ce document contient toutes les informations que l’organisation ci-dessous conserve sur vous et sur vos dossiers, et la liste des accès à ces informations. Il ne contient rien sur d’autres personnes.',
    requestReceived: 'Demande reçue le',
    answeredBy: 'Organisation qui répond',
    generatedAt: 'Document établi le',
    person: 'Votre identité, vos contacts et vos documents',
    personHistory: 'Les modifications de ces informations',
    caseTitle: 'Dossier',
    accesses: 'Qui a consulté ou modifié vos informations',
    accessesIntro: 'Chaque ligne est une consultation, un enregistrement ou une modification, avec la date, l’organisation et le rôle de la personne qui l’a fait.',
    when: 'Date',
    who: 'Organisation',
    role: 'Rôle',
    what: 'Action',
    none: 'Rien d’enregistré.',
    yes: 'oui',
    no: 'non',
    system: 'OpenNRM (automatique)',
    footer: 'Vous pouvez demander que des informations inexactes soient corrigées, vous opposer à leur traitement ou en demander la limitation ou l’effacement. Adressez-vous à l’organisation qui vous a remis ce document.',
    kinds: { read: 'consultation', export: 'export', create: 'enregistrement', change: 'modification' },
    sections: {
      forms: 'Formes d’exploitation', places: 'Lieux', history: 'Historique des modifications', attachments: 'Documents joints', screenings: 'Entretiens de repérage',
      riskAssessments: 'Évaluations des risques', identificationDecisions: 'Décisions d’identification', consents: 'Consentements', referrals: 'Orientations vers des services',
      referralEvents: 'Suivi des orientations', serviceDeliveries: 'Services reçus', sharing: 'Ce qui a été partagé, et avec qui', transfers: 'Transferts du dossier',
      carePlan: 'Plan d’accompagnement', needsAssessments: 'Évaluations des besoins', goals: 'Objectifs', actions: 'Actions', durableSteps: 'Étapes de la solution durable',
      conferences: 'Réunions de coordination', conferenceDecisions: 'Décisions des réunions', deadlines: 'Échéances', proceedingsAsVictim: 'Votre place dans les procédures',
      proceedings: 'Procédures judiciaires', hearings: 'Audiences', protectionMeasures: 'Mesures de protection', compensation: 'Indemnisation', nonPunishment: 'Non-sanction',
      contactReveals: 'Communications de vos coordonnées à la justice', subjectRequests: 'Vos demandes (loi 09-08)',
    },
    fields: {
      pseudonym: 'Pseudonyme', sex: 'Sexe', nationalities: 'Nationalités', languages: 'Langues', identity: 'Identité', contacts: 'Contacts', documents: 'Documents d’identité',
      health: 'Santé', vulnerabilities: 'Vulnérabilités', givenNames: 'Prénoms', familyName: 'Nom', aliases: 'Autres noms', dateOfBirth: 'Date de naissance',
      estimatedAge: 'Âge estimé', reference: 'Référence', status: 'Statut', stage: 'Étape', story: 'Votre histoire', notes: 'Notes', created_at: 'Enregistré le',
      updated_at: 'Modifié le', managing_org: 'Organisation qui suit le dossier', identified_on: 'Repéré le', categories: 'Catégories partagées', reason: 'Motif',
      organisation: 'Organisation', kind: 'Type', at: 'Date', outcome: 'Résultat', received_on: 'Reçue le', due_on: 'Échéance',
    },
    roles: {
      first_responder: 'premier intervenant', case_worker: 'travailleur social', case_supervisor: 'superviseur', service_provider: 'prestataire de services',
      justice_liaison: 'justice', commission_analyst: 'analyste de la commission', dpo: 'délégué à la protection des données', org_admin: 'administrateur', system_admin: 'administrateur système',
    },
  },
  ar: {
    dir: 'rtl',
    locale: 'ar-MA',
    title: 'المعلومات المحفوظة عنك',
    intro: 'طلبتَ معرفة ما يحفظه نظام OpenNRM عنك (القانون 09-08). تتضمن هذه الوثيقة كل المعلومات التي تحفظها الجهة المذكورة أدناه عنك وعن ملفاتك، وقائمة من اطّلع عليها. ولا تتضمن أي شيء عن أشخاص آخرين.',
    requestReceived: 'تاريخ استلام الطلب',
    answeredBy: 'الجهة التي تجيب',
    generatedAt: 'تاريخ إعداد الوثيقة',
    person: 'هويتك ووسائل الاتصال بك ووثائقك',
    personHistory: 'التعديلات على هذه المعلومات',
    caseTitle: 'الملف',
    accesses: 'من اطّلع على معلوماتك أو عدّلها',
    accessesIntro: 'كل سطر هو اطلاع أو تسجيل أو تعديل، مع التاريخ والجهة ودور الشخص الذي قام به.',
    when: 'التاريخ',
    who: 'الجهة',
    role: 'الدور',
    what: 'الإجراء',
    none: 'لا شيء مسجّل.',
    yes: 'نعم',
    no: 'لا',
    system: 'OpenNRM (تلقائي)',
    footer: 'يمكنك أن تطلب تصحيح المعلومات غير الدقيقة، أو أن تعترض على معالجتها، أو أن تطلب تقييدها أو محوها. توجّه إلى الجهة التي سلّمتك هذه الوثيقة.',
    kinds: { read: 'اطلاع', export: 'تصدير', create: 'تسجيل', change: 'تعديل' },
    sections: {
      forms: 'أشكال الاستغلال', places: 'الأماكن', history: 'سجل التعديلات', attachments: 'الوثائق المرفقة', screenings: 'مقابلات الكشف',
      riskAssessments: 'تقييمات المخاطر', identificationDecisions: 'قرارات تحديد الهوية', consents: 'الموافقات', referrals: 'الإحالات إلى الخدمات',
      referralEvents: 'تتبع الإحالات', serviceDeliveries: 'الخدمات المقدَّمة', sharing: 'ما تمت مشاركته ومع من', transfers: 'نقل الملف',
      carePlan: 'خطة المرافقة', needsAssessments: 'تقييمات الاحتياجات', goals: 'الأهداف', actions: 'الإجراءات', durableSteps: 'مراحل الحل الدائم',
      conferences: 'اجتماعات التنسيق', conferenceDecisions: 'قرارات الاجتماعات', deadlines: 'الآجال', proceedingsAsVictim: 'صفتك في المساطر',
      proceedings: 'المساطر القضائية', hearings: 'الجلسات', protectionMeasures: 'تدابير الحماية', compensation: 'التعويض', nonPunishment: 'عدم المعاقبة',
      contactReveals: 'إطلاع القضاء على وسائل الاتصال بك', subjectRequests: 'طلباتك (القانون 09-08)',
    },
    fields: {
      pseudonym: 'الاسم المستعار', sex: 'الجنس', nationalities: 'الجنسيات', languages: 'اللغات', identity: 'الهوية', contacts: 'وسائل الاتصال', documents: 'وثائق الهوية',
      health: 'الصحة', vulnerabilities: 'أوجه الهشاشة', givenNames: 'الاسم الشخصي', familyName: 'الاسم العائلي', aliases: 'أسماء أخرى', dateOfBirth: 'تاريخ الازدياد',
      estimatedAge: 'السن التقديري', reference: 'المرجع', status: 'الوضعية', stage: 'المرحلة', story: 'قصتك', notes: 'ملاحظات', created_at: 'تاريخ التسجيل',
      updated_at: 'تاريخ التعديل', managing_org: 'الجهة التي تتابع الملف', identified_on: 'تاريخ الرصد', categories: 'الفئات المشتركة', reason: 'السبب',
      organisation: 'الجهة', kind: 'النوع', at: 'التاريخ', outcome: 'النتيجة', received_on: 'تاريخ الاستلام', due_on: 'الأجل',
    },
    roles: {
      first_responder: 'متدخل أول', case_worker: 'مساعد اجتماعي', case_supervisor: 'مشرف', service_provider: 'مقدّم خدمات',
      justice_liaison: 'القضاء', commission_analyst: 'محلل اللجنة', dpo: 'مندوب حماية المعطيات', org_admin: 'مسؤول الجهة', system_admin: 'مسؤول النظام',
    },
  },
  en: {
    dir: 'ltr',
    locale: 'en-GB',
    title: 'The information held about you',
    intro: 'You asked what OpenNRM holds about you (law 09-08). This document contains all the information the organisation below holds about you and your cases, and the list of who accessed it. It contains nothing about other people.',
    requestReceived: 'Request received on',
    answeredBy: 'Organisation answering',
    generatedAt: 'Document prepared on',
    person: 'Your identity, contacts and documents',
    personHistory: 'Changes to this information',
    caseTitle: 'Case',
    accesses: 'Who viewed or changed your information',
    accessesIntro: 'Each line is a view, a record or a change, with the date, the organisation and the role of the person who did it.',
    when: 'Date',
    who: 'Organisation',
    role: 'Role',
    what: 'Action',
    none: 'Nothing recorded.',
    yes: 'yes',
    no: 'no',
    system: 'OpenNRM (automatic)',
    footer: 'You may ask for inaccurate information to be corrected, object to its processing, or ask for it to be restricted or erased. Contact the organisation that gave you this document.',
    kinds: { read: 'viewed', export: 'exported', create: 'recorded', change: 'changed' },
    sections: {
      forms: 'Forms of exploitation', places: 'Places', history: 'Change history', attachments: 'Attached documents', screenings: 'Screening interviews',
      riskAssessments: 'Risk assessments', identificationDecisions: 'Identification decisions', consents: 'Consents', referrals: 'Referrals to services',
      referralEvents: 'Referral follow-up', serviceDeliveries: 'Services received', sharing: 'What was shared, and with whom', transfers: 'Case transfers',
      carePlan: 'Care plan', needsAssessments: 'Needs assessments', goals: 'Goals', actions: 'Actions', durableSteps: 'Durable solution steps',
      conferences: 'Case conferences', conferenceDecisions: 'Conference decisions', deadlines: 'Deadlines', proceedingsAsVictim: 'Your part in proceedings',
      proceedings: 'Criminal proceedings', hearings: 'Hearings', protectionMeasures: 'Protection measures', compensation: 'Compensation', nonPunishment: 'Non-punishment',
      contactReveals: 'Your contact details given to the justice system', subjectRequests: 'Your requests (law 09-08)',
    },
    fields: {
      pseudonym: 'Pseudonym', sex: 'Sex', nationalities: 'Nationalities', languages: 'Languages', identity: 'Identity', contacts: 'Contacts', documents: 'Identity documents',
      health: 'Health', vulnerabilities: 'Vulnerabilities', givenNames: 'Given names', familyName: 'Family name', aliases: 'Other names', dateOfBirth: 'Date of birth',
      estimatedAge: 'Estimated age', reference: 'Reference', status: 'Status', stage: 'Stage', story: 'Your story', notes: 'Notes', created_at: 'Recorded on',
      updated_at: 'Changed on', managing_org: 'Organisation following the case', identified_on: 'Identified on', categories: 'Categories shared', reason: 'Reason',
      organisation: 'Organisation', kind: 'Kind', at: 'Date', outcome: 'Outcome', received_on: 'Received on', due_on: 'Due on',
    },
    roles: {
      first_responder: 'first responder', case_worker: 'case worker', case_supervisor: 'case supervisor', service_provider: 'service provider',
      justice_liaison: 'justice', commission_analyst: 'commission analyst', dpo: 'data protection officer', org_admin: 'administrator', system_admin: 'system administrator',
    },
  },
  es: {
    dir: 'ltr',
    locale: 'es-ES',
    title: 'La información que se conserva sobre usted',
    intro: 'Usted pidió saber qué conserva OpenNRM sobre usted (ley 09-08). Este documento contiene toda la información que la organización indicada abajo conserva sobre usted y sus expedientes, y la lista de quién ha accedido a ella. No contiene nada sobre otras personas.',
    requestReceived: 'Solicitud recibida el',
    answeredBy: 'Organización que responde',
    generatedAt: 'Documento preparado el',
    person: 'Su identidad, sus contactos y sus documentos',
    personHistory: 'Los cambios de esta información',
    caseTitle: 'Expediente',
    accesses: 'Quién consultó o modificó su información',
    accessesIntro: 'Cada línea es una consulta, un registro o un cambio, con la fecha, la organización y la función de la persona que lo hizo.',
    when: 'Fecha',
    who: 'Organización',
    role: 'Función',
    what: 'Acción',
    none: 'Nada registrado.',
    yes: 'sí',
    no: 'no',
    system: 'OpenNRM (automático)',
    footer: 'Puede pedir que se corrija la información inexacta, oponerse a su tratamiento o pedir que se limite o se borre. Diríjase a la organización que le entregó este documento.',
    kinds: { read: 'consulta', export: 'exportación', create: 'registro', change: 'cambio' },
    sections: {
      forms: 'Formas de explotación', places: 'Lugares', history: 'Historial de cambios', attachments: 'Documentos adjuntos', screenings: 'Entrevistas de detección',
      riskAssessments: 'Evaluaciones de riesgo', identificationDecisions: 'Decisiones de identificación', consents: 'Consentimientos', referrals: 'Derivaciones a servicios',
      referralEvents: 'Seguimiento de las derivaciones', serviceDeliveries: 'Servicios recibidos', sharing: 'Qué se compartió y con quién', transfers: 'Traspasos del expediente',
      carePlan: 'Plan de atención', needsAssessments: 'Evaluaciones de necesidades', goals: 'Objetivos', actions: 'Acciones', durableSteps: 'Etapas de la solución duradera',
      conferences: 'Reuniones de coordinación', conferenceDecisions: 'Decisiones de las reuniones', deadlines: 'Plazos', proceedingsAsVictim: 'Su papel en los procedimientos',
      proceedings: 'Procedimientos judiciales', hearings: 'Audiencias', protectionMeasures: 'Medidas de protección', compensation: 'Indemnización', nonPunishment: 'No punibilidad',
      contactReveals: 'Sus datos de contacto comunicados a la justicia', subjectRequests: 'Sus solicitudes (ley 09-08)',
    },
    fields: {
      pseudonym: 'Seudónimo', sex: 'Sexo', nationalities: 'Nacionalidades', languages: 'Idiomas', identity: 'Identidad', contacts: 'Contactos', documents: 'Documentos de identidad',
      health: 'Salud', vulnerabilities: 'Vulnerabilidades', givenNames: 'Nombre', familyName: 'Apellidos', aliases: 'Otros nombres', dateOfBirth: 'Fecha de nacimiento',
      estimatedAge: 'Edad estimada', reference: 'Referencia', status: 'Estado', stage: 'Etapa', story: 'Su historia', notes: 'Notas', created_at: 'Registrado el',
      updated_at: 'Modificado el', managing_org: 'Organización que sigue el expediente', identified_on: 'Identificado el', categories: 'Categorías compartidas', reason: 'Motivo',
      organisation: 'Organización', kind: 'Tipo', at: 'Fecha', outcome: 'Resultado', received_on: 'Recibida el', due_on: 'Plazo',
    },
    roles: {
      first_responder: 'primer interviniente', case_worker: 'trabajador social', case_supervisor: 'supervisor', service_provider: 'proveedor de servicios',
      justice_liaison: 'justicia', commission_analyst: 'analista de la comisión', dpo: 'delegado de protección de datos', org_admin: 'administrador', system_admin: 'administrador del sistema',
    },
  },
};
