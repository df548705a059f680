/**
 * Names for demo persons and companies, each Arabic form with the English form people
 * of that community actually use (an Egyptian "Mohamed", a Kuwaiti "Mohammed"). A full
 * name is first + father's name + family name, as on a Kuwaiti civil ID card. Every
 * company name is fictional.
 */

/** [Arabic, English] */
export type NamePair = readonly [string, string];

export interface NationalityNames {
  /** ISO 3166-1 alpha-3. */
  code: string;
  male: readonly NamePair[];
  female: readonly NamePair[];
  /** The second part of the full name: the father's first name (a middle name for PHL). */
  middle: readonly NamePair[];
  family: readonly NamePair[];
  femaleShare: number;
}

const gulfMale: readonly NamePair[] = [
  ["محمد", "Mohammed"],
  ["أحمد", "Ahmad"],
  ["عبدالله", "Abdullah"],
  ["خالد", "Khaled"],
  ["فهد", "Fahad"],
  ["سعود", "Saud"],
  ["ناصر", "Nasser"],
  ["فيصل", "Faisal"],
  ["يوسف", "Yousef"],
  ["عبدالعزيز", "Abdulaziz"],
  ["عبدالرحمن", "Abdulrahman"],
  ["سالم", "Salem"],
  ["مشعل", "Meshal"],
  ["بدر", "Bader"],
  ["طلال", "Talal"],
  ["جاسم", "Jassim"],
  ["حمد", "Hamad"],
  ["علي", "Ali"],
  ["حسين", "Hussain"],
  ["عادل", "Adel"],
  ["وليد", "Waleed"],
  ["ماجد", "Majed"],
  ["نايف", "Naif"],
  ["سلطان", "Sultan"],
  ["تركي", "Turki"],
  ["مبارك", "Mubarak"],
  ["إبراهيم", "Ibrahim"],
  ["صالح", "Saleh"],
  ["منصور", "Mansour"],
  ["عمر", "Omar"],
  ["راشد", "Rashed"],
  ["عيسى", "Essa"],
  ["مساعد", "Musaed"],
  ["ضاري", "Dhari"],
  ["بندر", "Bandar"],
  ["ثامر", "Thamer"],
  ["محسن", "Mohsen"],
  ["جابر", "Jaber"],
  ["حمود", "Hamoud"],
  ["عبدالمحسن", "Abdulmohsen"],
];

const gulfFemale: readonly NamePair[] = [
  ["فاطمة", "Fatma"],
  ["مريم", "Maryam"],
  ["نورة", "Noura"],
  ["سارة", "Sara"],
  ["هدى", "Huda"],
  ["دانة", "Dana"],
  ["شيخة", "Sheikha"],
  ["منيرة", "Munira"],
  ["لطيفة", "Latifa"],
  ["عائشة", "Aisha"],
  ["أمل", "Amal"],
  ["هيا", "Haya"],
  ["ريم", "Reem"],
  ["غدير", "Ghadeer"],
  ["بشاير", "Bashayer"],
  ["أسماء", "Asmaa"],
  ["حصة", "Hessa"],
  ["دلال", "Dalal"],
  ["نوف", "Nouf"],
  ["ابتسام", "Ibtisam"],
];

const kuwaitiFamilies: readonly NamePair[] = [
  ["العنزي", "Al-Enezi"],
  ["الرشيدي", "Al-Rashidi"],
  ["المطيري", "Al-Mutairi"],
  ["الكندري", "Al-Kandari"],
  ["العجمي", "Al-Ajmi"],
  ["الشمري", "Al-Shammari"],
  ["الهاجري", "Al-Hajri"],
  ["العتيبي", "Al-Otaibi"],
  ["الدوسري", "Al-Dosari"],
  ["الظفيري", "Al-Dhafiri"],
  ["العازمي", "Al-Azmi"],
  ["الفضلي", "Al-Fadhli"],
  ["الحربي", "Al-Harbi"],
  ["السبيعي", "Al-Subaie"],
  ["الرومي", "Al-Roumi"],
  ["القطان", "Al-Qattan"],
  ["العوضي", "Al-Awadhi"],
  ["الصالح", "Al-Saleh"],
  ["الغانم", "Al-Ghanim"],
  ["المرزوق", "Al-Marzouq"],
  ["الشطي", "Al-Shatti"],
  ["البدر", "Al-Bader"],
  ["النجار", "Al-Najjar"],
  ["بهبهاني", "Behbehani"],
  ["العصيمي", "Al-Osaimi"],
  ["الجاسم", "Al-Jassim"],
  ["المطوع", "Al-Mutawa"],
  ["الديحاني", "Al-Daihani"],
  ["البغلي", "Al-Baghli"],
  ["الخشتي", "Al-Khashti"],
];

export const nationalities: readonly NationalityNames[] = [
  { code: "KWT", male: gulfMale, female: gulfFemale, middle: gulfMale, family: kuwaitiFamilies, femaleShare: 0.3 },
  {
    code: "SAU",
    male: gulfMale,
    female: gulfFemale,
    middle: gulfMale,
    family: [
      ["القحطاني", "Al-Qahtani"],
      ["الغامدي", "Al-Ghamdi"],
      ["الزهراني", "Al-Zahrani"],
      ["الشهري", "Al-Shehri"],
      ["العمري", "Al-Omari"],
      ["الحارثي", "Al-Harthi"],
    ],
    femaleShare: 0.2,
  },
  {
    code: "EGY",
    male: [
      ["محمد", "Mohamed"],
      ["أحمد", "Ahmed"],
      ["محمود", "Mahmoud"],
      ["مصطفى", "Mostafa"],
      ["عمرو", "Amr"],
      ["طارق", "Tarek"],
      ["هاني", "Hany"],
      ["شريف", "Sherif"],
      ["كريم", "Karim"],
      ["ياسر", "Yasser"],
      ["أشرف", "Ashraf"],
      ["حسام", "Hossam"],
    ],
    female: [
      ["منى", "Mona"],
      ["هبة", "Heba"],
      ["دينا", "Dina"],
      ["رانيا", "Rania"],
      ["ياسمين", "Yasmine"],
    ],
    middle: [
      ["محمد", "Mohamed"],
      ["أحمد", "Ahmed"],
      ["السيد", "El-Sayed"],
      ["عبدالفتاح", "Abdelfattah"],
      ["حسن", "Hassan"],
      ["علي", "Aly"],
      ["سمير", "Samir"],
    ],
    family: [
      ["عبدالعزيز", "Abdelaziz"],
      ["عبدالحميد", "Abdelhamid"],
      ["الشافعي", "El-Shafei"],
      ["إبراهيم", "Ibrahim"],
      ["النجار", "El-Naggar"],
      ["منصور", "Mansour"],
      ["فهمي", "Fahmy"],
      ["سليمان", "Soliman"],
      ["عثمان", "Osman"],
    ],
    femaleShare: 0.2,
  },
  {
    code: "SYR",
    male: [
      ["محمد", "Mohammad"],
      ["عمار", "Ammar"],
      ["باسل", "Basel"],
      ["رامي", "Rami"],
      ["فادي", "Fadi"],
      ["حسان", "Hassan"],
      ["مازن", "Mazen"],
    ],
    female: [
      ["لينا", "Lina"],
      ["رشا", "Rasha"],
      ["سلمى", "Salma"],
    ],
    middle: [
      ["أحمد", "Ahmad"],
      ["خالد", "Khaled"],
      ["محمود", "Mahmoud"],
      ["عبدالكريم", "Abdulkarim"],
      ["سمير", "Samir"],
    ],
    family: [
      ["الحلبي", "Al-Halabi"],
      ["الخطيب", "Al-Khatib"],
      ["الشامي", "Al-Shami"],
      ["الحمصي", "Al-Homsi"],
      ["الأتاسي", "Al-Atassi"],
      ["قباني", "Kabbani"],
    ],
    femaleShare: 0.25,
  },
  {
    code: "JOR",
    male: [
      ["محمد", "Mohammad"],
      ["زيد", "Zaid"],
      ["عمر", "Omar"],
      ["ليث", "Laith"],
      ["أيمن", "Ayman"],
      ["معتز", "Moataz"],
    ],
    female: [
      ["رزان", "Razan"],
      ["تالا", "Tala"],
      ["نور", "Nour"],
    ],
    middle: [
      ["عبدالله", "Abdullah"],
      ["سليمان", "Suleiman"],
      ["يوسف", "Yousef"],
      ["إبراهيم", "Ibrahim"],
    ],
    family: [
      ["العبادي", "Al-Abbadi"],
      ["المجالي", "Al-Majali"],
      ["الزعبي", "Al-Zoubi"],
      ["الطراونة", "Al-Tarawneh"],
      ["النسور", "Al-Nsour"],
    ],
    femaleShare: 0.25,
  },
  {
    code: "IND",
    male: [
      ["راجيش", "Rajesh"],
      ["سونيل", "Sunil"],
      ["أنيل", "Anil"],
      ["جوزيف", "Joseph"],
      ["سانتوش", "Santosh"],
      ["ماثيو", "Mathew"],
      ["بيجو", "Biju"],
      ["فينود", "Vinod"],
    ],
    female: [
      ["بريا", "Priya"],
      ["أنجالي", "Anjali"],
      ["ماري", "Mary"],
    ],
    middle: [
      ["كومار", "Kumar"],
      ["توماس", "Thomas"],
      ["جورج", "George"],
      ["راغافان", "Raghavan"],
    ],
    family: [
      ["ناير", "Nair"],
      ["مينون", "Menon"],
      ["فارغيز", "Varghese"],
      ["بيلاي", "Pillai"],
      ["شارما", "Sharma"],
      ["ديسوزا", "D'Souza"],
    ],
    femaleShare: 0.25,
  },
  {
    code: "PHL",
    male: [
      ["خوسيه", "Jose"],
      ["مارك", "Mark"],
      ["رامون", "Ramon"],
      ["إدواردو", "Eduardo"],
    ],
    female: [
      ["ماريا", "Maria"],
      ["روزالي", "Rosalie"],
      ["جيسيكا", "Jessica"],
      ["ماريسول", "Marisol"],
    ],
    // A Filipino middle name is the mother's maiden family name.
    middle: [
      ["كروز", "Cruz"],
      ["ريس", "Reyes"],
      ["غارسيا", "Garcia"],
      ["مندوزا", "Mendoza"],
    ],
    family: [
      ["سانتوس", "Santos"],
      ["باوتيستا", "Bautista"],
      ["أكينو", "Aquino"],
      ["فيلانويفا", "Villanueva"],
      ["راموس", "Ramos"],
    ],
    femaleShare: 0.5,
  },
];

/** Mostly Kuwaiti, as in the country's enforcement files; then the larger resident communities. */
export const nationalityWeights: readonly (readonly [string, number])[] = [
  ["KWT", 70],
  ["EGY", 8],
  ["IND", 7],
  ["SAU", 4],
  ["SYR", 4],
  ["JOR", 4],
  ["PHL", 3],
];

/** Small businesses that appear as debtors (fictional). */
export const smallCompanyNames: readonly NamePair[] = [
  ["شركة النخيل للمقاولات العامة", "Al-Nakheel General Contracting Co."],
  ["مؤسسة الفنار للتجارة العامة", "Al-Fanar General Trading Est."],
  ["شركة المرقاب للتجهيزات الغذائية", "Al-Mirqab Food Supplies Co."],
  ["شركة الجون للنقل والشحن", "Al-Jon Transport and Shipping Co."],
  ["شركة رمال الصحراء العقارية", "Desert Sands Real Estate Co."],
  ["مؤسسة البحار للديكور", "Al-Bahhar Decoration Est."],
  ["شركة الواحة للسيارات المستعملة", "Al-Waha Used Cars Co."],
  ["شركة الصفوة للخدمات الطبية", "Al-Safwa Medical Services Co."],
  ["شركة نجمة الشرق للمطاعم", "Eastern Star Restaurants Co."],
  ["شركة السنبوك للإلكترونيات", "Al-Sanbouk Electronics Co."],
  ["مؤسسة الريان للأثاث", "Al-Rayyan Furniture Est."],
  ["شركة الأفق للحلول التقنية", "Horizon Tech Solutions Co."],
];
