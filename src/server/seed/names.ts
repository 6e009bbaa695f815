/** Synthetic names for demo data. Common first and family names, combined at random: no real person. */
export const MOROCCAN = {
  female: [['Fatima', 'فاطمة'], ['Khadija', 'خديجة'], ['Aicha', 'عائشة'], ['Meryem', 'مريم'], ['Salma', 'سلمى'], ['Hajar', 'هاجر'], ['Imane', 'إيمان'], ['Zineb', 'زينب'], ['Nora', 'نورة'], ['Houda', 'هدى'], ['Siham', 'سهام'], ['Asmae', 'أسماء'], ['Ghizlane', 'غزلان'], ['Loubna', 'لبنى'], ['Sanae', 'سناء'], ['Hanane', 'حنان']],
  male: [['Mohamed', 'محمد'], ['Youssef', 'يوسف'], ['Ahmed', 'أحمد'], ['Omar', 'عمر'], ['Hamza', 'حمزة'], ['Ayoub', 'أيوب'], ['Mehdi', 'المهدي'], ['Anas', 'أنس'], ['Khalid', 'خالد'], ['Rachid', 'رشيد'], ['Said', 'سعيد'], ['Yassine', 'ياسين'], ['Amine', 'أمين'], ['Soufiane', 'سفيان'], ['Ismail', 'إسماعيل'], ['Ilyas', 'إلياس']],
  family: [['El Amrani', 'العمراني'], ['Benali', 'بنعلي'], ['El Idrissi', 'الإدريسي'], ['Alaoui', 'العلوي'], ['Bennani', 'بناني'], ['Tazi', 'التازي'], ['Berrada', 'برادة'], ['Chraibi', 'الشرايبي'], ['El Fassi', 'الفاسي'], ['Ouazzani', 'الوزاني'], ['Lahlou', 'لحلو'], ['Ait Taleb', 'آيت الطالب'], ['Amzil', 'أمزيل'], ['Boukhari', 'البخاري'], ['Zerouali', 'الزروالي'], ['Hajji', 'الحجي']],
};

export const FOREIGN: Record<string, { female: string[]; male: string[]; family: string[]; languages: string[] }> = {
  NG: { female: ['Blessing', 'Joy', 'Precious', 'Favour', 'Gift'], male: ['Emeka', 'Chinedu', 'Osas', 'Samuel'], family: ['Okafor', 'Eze', 'Osagie', 'Adeyemi', 'Igbinedion'], languages: ['eng', 'yor', 'ibo'] },
  CI: { female: ['Aya', 'Adjoua', 'Mariam', 'Awa'], male: ['Kouadio', 'Yao', 'Moussa', 'Seydou'], family: ['Koné', 'Kouassi', 'Traoré', 'Bamba'], languages: ['fra'] },
  GN: { female: ['Fatoumata', 'Mariama', 'Kadiatou', 'Aminata'], male: ['Mamadou', 'Alpha', 'Ibrahima', 'Ousmane'], family: ['Diallo', 'Bah', 'Camara', 'Sow'], languages: ['fra', 'ful'] },
  CM: { female: ['Nadège', 'Brenda', 'Linda'], male: ['Junior', 'Franck', 'Patrick'], family: ['Mbarga', 'Fotso', 'Nkoulou'], languages: ['fra', 'eng'] },
  SN: { female: ['Awa', 'Ndeye', 'Coumba', 'Fatou'], male: ['Modou', 'Cheikh', 'Abdoulaye'], family: ['Ndiaye', 'Diop', 'Fall', 'Sarr'], languages: ['fra', 'wol'] },
  ML: { female: ['Oumou', 'Kadidia', 'Hawa'], male: ['Bakary', 'Souleymane', 'Adama'], family: ['Keïta', 'Coulibaly', 'Diarra'], languages: ['fra', 'bam'] },
  CD: { female: ['Grâce', 'Merveille', 'Esther'], male: ['Christian', 'Jonathan', 'Trésor'], family: ['Kabila', 'Mbuyi', 'Tshibanda', 'Ilunga'], languages: ['fra', 'lin'] },
  PH: { female: ['Maricel', 'Jocelyn', 'Analyn', 'Rowena'], male: ['Jomar', 'Reynaldo'], family: ['Santos', 'Reyes', 'Dela Cruz', 'Bautista'], languages: ['tgl', 'eng'] },
  SY: { female: ['Rania', 'Lina', 'Nour'], male: ['Ahmad', 'Khaled', 'Omar'], family: ['Al Halabi', 'Haddad', 'Khoury'], languages: ['ara'] },
  BD: { female: ['Rina', 'Shirin'], male: ['Rahim', 'Karim', 'Jamal'], family: ['Hossain', 'Rahman', 'Islam'], languages: ['ben'] },
};
