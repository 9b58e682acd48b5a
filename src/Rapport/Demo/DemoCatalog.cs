namespace Rapport.Demo;

/// <summary>
/// The word lists demo data is drawn from. Everything here is invented, and chosen so nothing can
/// reach a real person: company domains end in the reserved <c>.example</c> TLD, personal
/// addresses use example.com/.net/.org (RFC 2606), and phone numbers come from the ranges each
/// regulator keeps for fiction (NANP 555-0100…0199, Ofcom's drama numbers, ACMA's and ARCEP's
/// fiction ranges).
/// </summary>
internal static class DemoCatalog
{
    public enum Kind { Customer, Prospect, Partner, NonProfit }

    public sealed record Company(string Name, string Slug, string Industry, string Size, string City, Kind Kind, int Parent = -1);

    /// <summary>A city with the shapes its addresses and phone numbers take.</summary>
    public sealed record City(
        string Name, string Country, string Region, int UtcOffset,
        Func<Random, string> Postcode, Func<Random, string> Landline, Func<Random, string> Mobile, string[] Streets);

    // ---- Phone numbers (E.164) from fiction ranges -------------------------------------------------

    private static string Nanp(Random r, string area) => $"+1{area}55501{r.Next(0, 100):00}";
    private static string UkGeo(Random r, string code) => code == "20" ? $"+442079460{r.Next(0, 1000):000}" : $"+44{code}4960{r.Next(0, 1000):000}";
    private static string UkMobile(Random r) => $"+447700900{r.Next(0, 1000):000}";
    private static string FrLandline(Random r) => $"+3319900{r.Next(0, 10000):0000}";
    private static string FrMobile(Random r) => $"+3363998{r.Next(0, 10000):0000}";
    private static string AuLandline(Random r, string area) => $"+61{area}5550{r.Next(0, 10000):0000}";

    /// <summary>ACMA's fictional mobile numbers (0491 57x xxx).</summary>
    private static readonly string[] AuMobiles =
    [
        "491570006", "491570156", "491570157", "491570158", "491570159", "491570110", "491570313", "491570737", "491571266",
        "491571491", "491571804", "491572549", "491572665", "491572983", "491573770", "491573087", "491574118", "491574632",
        "491575254", "491575789", "491576398", "491576801", "491577426", "491577644", "491578957", "491578148", "491578888",
        "491579212", "491579760", "491579455",
    ];

    private static string AuMobile(Random r) => "+61" + AuMobiles[r.Next(AuMobiles.Length)];

    private const string UkLetters = "ABDEFGHJLNPQRSTUWXYZ";
    private const string CaLetters = "ABCEGHJKLMNPRSTVWXYZ";
    private static string UkPostcode(Random r, params string[] outward) =>
        $"{outward[r.Next(outward.Length)]} {r.Next(1, 10)}{UkLetters[r.Next(UkLetters.Length)]}{UkLetters[r.Next(UkLetters.Length)]}";
    private static string CaPostcode(Random r, params string[] fsa) =>
        $"{fsa[r.Next(fsa.Length)]} {r.Next(0, 10)}{CaLetters[r.Next(CaLetters.Length)]}{r.Next(0, 10)}";
    private static string Range(Random r, int from, int to) => r.Next(from, to + 1).ToString("00000");
    private static string Range4(Random r, int from, int to) => r.Next(from, to + 1).ToString("0000");

    private static readonly string[] UsStreets =
    [
        "Main Street", "Oak Avenue", "Market Street", "Commerce Way", "Lakeview Boulevard", "Park Avenue", "Cedar Lane", "Elm Street",
        "Industrial Parkway", "Washington Street", "Pine Street", "Highland Avenue", "Riverside Drive", "Maple Drive", "Franklin Street",
        "Harbor Road", "Innovation Drive", "Spring Street", "Grand Avenue", "Union Street",
    ];
    private static readonly string[] UkStreets =
    [
        "High Street", "Station Road", "Church Lane", "Victoria Road", "King Street", "Queen Street", "Mill Lane", "Park Road",
        "Albert Street", "Castle Street", "Princes Street", "Wellington Road", "Canal Street", "Market Place",
    ];
    private static readonly string[] FrStreets =
    [
        "rue Oberkampf", "boulevard Haussmann", "rue de la République", "avenue Victor Hugo", "rue La Fayette", "quai de Valmy",
        "rue des Martyrs", "rue du Faubourg Saint-Antoine", "avenue de la Grande Armée", "rue de Charonne",
    ];
    private static readonly string[] AuStreets =
    [
        "George Street", "Collins Street", "Queen Street", "Hay Street", "Pitt Street", "Flinders Lane", "Adelaide Terrace",
        "Ann Street", "Bourke Street", "Murray Street",
    ];
    private static readonly string[] CaStreets =
    [
        "Bay Street", "Front Street West", "King Street West", "Granville Street", "Yonge Street", "Elgin Street",
        "8 Avenue SW", "Bloor Street East", "Robson Street", "Sparks Street",
    ];
    private static readonly string[] QcStreets =
    [
        "rue Sainte-Catherine Ouest", "boulevard René-Lévesque Ouest", "rue Saint-Denis", "avenue du Mont-Royal Est", "rue Sherbrooke Ouest",
    ];

    public static readonly City[] Cities =
    [
        new("Boston", "US", "MA", -5, r => Range(r, 2108, 2134), r => Nanp(r, "617"), r => Nanp(r, "857"), UsStreets),
        new("Chicago", "US", "IL", -6, r => Range(r, 60601, 60661), r => Nanp(r, "312"), r => Nanp(r, "773"), UsStreets),
        new("Austin", "US", "TX", -6, r => Range(r, 78701, 78759), r => Nanp(r, "512"), r => Nanp(r, "737"), UsStreets),
        new("Columbus", "US", "OH", -5, r => Range(r, 43201, 43235), r => Nanp(r, "614"), r => Nanp(r, "380"), UsStreets),
        new("Denver", "US", "CO", -7, r => Range(r, 80202, 80239), r => Nanp(r, "303"), r => Nanp(r, "720"), UsStreets),
        new("New York", "US", "NY", -5, r => Range(r, 10001, 10038), r => Nanp(r, "212"), r => Nanp(r, "646"), UsStreets),
        new("Minneapolis", "US", "MN", -6, r => Range(r, 55401, 55488), r => Nanp(r, "612"), r => Nanp(r, "763"), UsStreets),
        new("Portland", "US", "OR", -8, r => Range(r, 97201, 97239), r => Nanp(r, "503"), r => Nanp(r, "971"), UsStreets),
        new("Atlanta", "US", "GA", -5, r => Range(r, 30303, 30350), r => Nanp(r, "404"), r => Nanp(r, "678"), UsStreets),
        new("Phoenix", "US", "AZ", -7, r => Range(r, 85003, 85054), r => Nanp(r, "602"), r => Nanp(r, "480"), UsStreets),
        new("San Diego", "US", "CA", -8, r => Range(r, 92101, 92130), r => Nanp(r, "619"), r => Nanp(r, "858"), UsStreets),
        new("Raleigh", "US", "NC", -5, r => Range(r, 27601, 27617), r => Nanp(r, "919"), r => Nanp(r, "984"), UsStreets),
        new("Seattle", "US", "WA", -8, r => Range(r, 98101, 98199), r => Nanp(r, "206"), r => Nanp(r, "425"), UsStreets),
        new("San Francisco", "US", "CA", -8, r => Range(r, 94102, 94124), r => Nanp(r, "415"), r => Nanp(r, "628"), UsStreets),
        new("Pittsburgh", "US", "PA", -5, r => Range(r, 15201, 15244), r => Nanp(r, "412"), r => Nanp(r, "878"), UsStreets),
        new("Nashville", "US", "TN", -6, r => Range(r, 37201, 37221), r => Nanp(r, "615"), r => Nanp(r, "629"), UsStreets),
        new("London", "GB", "Greater London", 0, r => UkPostcode(r, "EC1V", "EC2A", "SE1", "N1", "W1T", "E1"), r => UkGeo(r, "20"), UkMobile, UkStreets),
        new("Manchester", "GB", "Greater Manchester", 0, r => UkPostcode(r, "M1", "M2", "M3", "M4"), r => UkGeo(r, "161"), UkMobile, UkStreets),
        new("Leeds", "GB", "West Yorkshire", 0, r => UkPostcode(r, "LS1", "LS2", "LS11"), r => UkGeo(r, "113"), UkMobile, UkStreets),
        new("Edinburgh", "GB", "Scotland", 0, r => UkPostcode(r, "EH1", "EH2", "EH3"), r => UkGeo(r, "131"), UkMobile, UkStreets),
        new("Birmingham", "GB", "West Midlands", 0, r => UkPostcode(r, "B1", "B2", "B3"), r => UkGeo(r, "121"), UkMobile, UkStreets),
        new("Bristol", "GB", "Bristol", 0, r => UkPostcode(r, "BS1", "BS2", "BS8"), r => UkGeo(r, "117"), UkMobile, UkStreets),
        new("Toronto", "CA", "ON", -5, r => CaPostcode(r, "M5V", "M5H", "M4W"), r => Nanp(r, "416"), r => Nanp(r, "647"), CaStreets),
        new("Vancouver", "CA", "BC", -8, r => CaPostcode(r, "V6B", "V6C", "V6E"), r => Nanp(r, "604"), r => Nanp(r, "778"), CaStreets),
        new("Montréal", "CA", "QC", -5, r => CaPostcode(r, "H3B", "H2X", "H3A"), r => Nanp(r, "514"), r => Nanp(r, "438"), QcStreets),
        new("Calgary", "CA", "AB", -7, r => CaPostcode(r, "T2P", "T2R", "T2G"), r => Nanp(r, "403"), r => Nanp(r, "587"), CaStreets),
        new("Paris", "FR", "Île-de-France", 1, r => $"750{r.Next(1, 21):00}", FrLandline, FrMobile, FrStreets),
        new("Saint-Denis", "FR", "Île-de-France", 1, _ => "93200", FrLandline, FrMobile, FrStreets),
        new("Sydney", "AU", "NSW", 10, r => Range4(r, 2000, 2060), r => AuLandline(r, "2"), AuMobile, AuStreets),
        new("Melbourne", "AU", "VIC", 10, r => Range4(r, 3000, 3068), r => AuLandline(r, "3"), AuMobile, AuStreets),
        new("Brisbane", "AU", "QLD", 10, r => Range4(r, 4000, 4069), r => AuLandline(r, "7"), AuMobile, AuStreets),
        new("Perth", "AU", "WA", 8, r => Range4(r, 6000, 6062), r => AuLandline(r, "8"), AuMobile, AuStreets),
    ];

    public static City CityNamed(string name) => Cities.Single(c => c.Name == name);

    // ---- Companies --------------------------------------------------------------------------------

    public static readonly Company[] Companies =
    [
        new("Harborview Health System", "harborviewhealth", "Healthcare", "5001+", "Boston", Kind.Customer),
        new("Harborview Diagnostics", "harborview-diagnostics", "Healthcare", "201-1000", "Boston", Kind.Customer, Parent: 0),
        new("Harborview Home Care", "harborview-homecare", "Healthcare", "51-200", "Boston", Kind.Prospect, Parent: 0),
        new("Kestrel Freight Group", "kestrelfreight", "Logistics & Transportation", "1001-5000", "Chicago", Kind.Customer),
        new("Kestrel Freight UK", "kestrelfreight-uk", "Logistics & Transportation", "201-1000", "Manchester", Kind.Customer, Parent: 3),
        new("Bluefin Analytics", "bluefinanalytics", "Software", "51-200", "Austin", Kind.Customer),
        new("Copperleaf Manufacturing", "copperleafmfg", "Manufacturing", "201-1000", "Columbus", Kind.Customer),
        new("Summit Ridge Construction", "summitridgebuild", "Construction", "201-1000", "Denver", Kind.Prospect),
        new("Lumen Street Media", "lumenstreet", "Marketing & Advertising", "11-50", "New York", Kind.Customer),
        new("Northgate Credit Union", "northgatecu", "Financial Services", "201-1000", "Minneapolis", Kind.Prospect),
        new("Pinecrest Academy", "pinecrestacademy", "Education", "51-200", "Portland", Kind.Customer),
        new("Tidewater Energy", "tidewaterenergy", "Energy & Utilities", "1001-5000", "Atlanta", Kind.Prospect),
        new("Oakline Legal", "oaklinelegal", "Legal Services", "51-200", "Chicago", Kind.Customer),
        new("Vantage Point Realty", "vantagepointrealty", "Real Estate", "11-50", "Phoenix", Kind.Prospect),
        new("Saltmarsh Hotels & Resorts", "saltmarshhotels", "Hospitality", "1001-5000", "San Diego", Kind.Customer),
        new("Saltmarsh Hotels Pacific", "saltmarsh-pacific", "Hospitality", "201-1000", "Sydney", Kind.Customer, Parent: 14),
        new("Quarry Lane Software", "quarrylane", "Software", "11-50", "Raleigh", Kind.Prospect),
        new("Brightwater Foundation", "brightwaterfoundation", "Non-profit", "11-50", "Seattle", Kind.NonProfit),
        new("Redwood Valley Food Bank", "redwoodvalleyfoodbank", "Non-profit", "11-50", "San Francisco", Kind.NonProfit),
        new("Cobalt Ridge Security", "cobaltridge", "IT Services", "51-200", "San Francisco", Kind.Partner),
        new("Fernhill Organics", "fernhillorganics", "Food & Beverage", "51-200", "Portland", Kind.Customer),
        new("Ironclad Tooling", "ironcladtooling", "Manufacturing", "51-200", "Pittsburgh", Kind.Prospect),
        new("Westbrook Dental Group", "westbrookdental", "Healthcare", "51-200", "Nashville", Kind.Prospect),
        new("Nimbus Cloudworks", "nimbuscloudworks", "Software", "201-1000", "Seattle", Kind.Partner),
        new("Parkside Veterinary Clinics", "parksidevets", "Healthcare", "11-50", "Denver", Kind.Customer),
        new("Granite Peak Capital", "granitepeakcapital", "Financial Services", "11-50", "New York", Kind.Prospect),
        new("Silverline Retail", "silverlineretail", "Retail", "5001+", "Minneapolis", Kind.Prospect),
        new("Canopy Coworking", "canopycowork", "Real Estate", "11-50", "Austin", Kind.Customer),
        new("Orchard & Vine Wines", "orchardandvine", "Food & Beverage", "1-10", "San Francisco", Kind.Customer),
        new("Sparrow Design Studio", "sparrowdesign", "Marketing & Advertising", "1-10", "Nashville", Kind.Prospect),
        new("Helix BioSciences", "helixbio", "Biotechnology", "201-1000", "San Diego", Kind.Prospect),
        new("Trailhead Outfitters", "trailheadoutfitters", "Retail", "51-200", "Denver", Kind.Customer),
        new("Alder & Finch Accounting", "alderfinch", "Accounting", "11-50", "Boston", Kind.Partner),
        new("Thamesbridge Insurance", "thamesbridge", "Insurance", "1001-5000", "London", Kind.Prospect),
        new("Hollybush Housing Association", "hollybushhousing", "Non-profit", "201-1000", "Leeds", Kind.NonProfit),
        new("Greyfriars Software", "greyfriars-software", "Software", "11-50", "Edinburgh", Kind.Customer),
        new("Calder Engineering", "calderengineering", "Manufacturing", "201-1000", "Birmingham", Kind.Customer),
        new("Marlowe & Hart Recruitment", "marlowehart", "Staffing & Recruiting", "51-200", "London", Kind.Prospect),
        new("Penrose Learning Trust", "penroselearning", "Education", "201-1000", "Bristol", Kind.Customer),
        new("Maple Ridge Logistics", "mapleridgelogistics", "Logistics & Transportation", "51-200", "Toronto", Kind.Customer),
        new("Aurora Health Partners", "aurorahealthpartners", "Healthcare", "201-1000", "Vancouver", Kind.Prospect),
        new("Boréal Conseil", "borealconseil", "Consulting", "11-50", "Montréal", Kind.Customer),
        new("Prairie Sky Energy", "prairiesky", "Energy & Utilities", "1001-5000", "Calgary", Kind.Prospect),
        new("Atelier Lumière", "atelierlumiere", "Marketing & Advertising", "11-50", "Paris", Kind.Customer),
        new("Vertigo Mobilités", "vertigomobilites", "Logistics & Transportation", "201-1000", "Saint-Denis", Kind.Prospect),
        new("Cèdre Finance", "cedrefinance", "Financial Services", "51-200", "Paris", Kind.Customer),
        new("Maison Verlaine", "maisonverlaine", "Retail", "1-10", "Paris", Kind.Prospect),
        new("Coral Coast Tourism", "coralcoasttourism", "Hospitality", "51-200", "Brisbane", Kind.Customer),
        new("Southern Cross Mining Services", "southerncrossmining", "Mining", "1001-5000", "Perth", Kind.Prospect),
        new("Wattle Street Bakery", "wattlestreetbakery", "Food & Beverage", "1-10", "Melbourne", Kind.Customer),
    ];

    // ---- People -----------------------------------------------------------------------------------

    public static readonly string[] EnglishFirstNames =
    [
        "James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda", "William", "Elizabeth", "Daniel", "Sarah",
        "Matthew", "Jessica", "Anthony", "Karen", "Mark", "Emily", "Andrew", "Michelle", "Joshua", "Amanda", "Kevin", "Melissa",
        "Brian", "Stephanie", "Ryan", "Rebecca", "Jacob", "Laura", "Nicholas", "Rachel", "Tyler", "Hannah", "Aaron", "Megan",
        "Priya", "Arjun", "Wei", "Mei", "Hiroshi", "Yuki", "Carlos", "Sofia", "Diego", "Camila", "Luis", "Isabella", "Omar",
        "Fatima", "Kwame", "Amara", "Darnell", "Keisha", "Connor", "Siobhan", "Liam", "Aoife", "Oliver", "Charlotte", "Harry",
        "Amelia", "George", "Olivia", "Noah", "Grace", "Ethan", "Chloe", "Mateo", "Lucia", "Ravi", "Ananya", "Jin", "Min-jun",
        "Thanh", "Linh", "Tariq", "Leila", "Ngozi", "Chidi",
    ];

    public static readonly string[] EnglishLastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez",
        "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
        "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres",
        "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
        "Patel", "Shah", "Chen", "Wang", "Kim", "Park", "Tanaka", "Sato", "Okafor", "Mensah", "O'Brien", "Murphy", "Kelly", "Walsh",
        "Evans", "Hughes", "Price", "Bennett", "Fraser", "MacDonald", "Kaur", "Singh", "Ali", "Khan", "Novak", "Kowalski", "Schmidt",
        "Rossi", "Haddad", "Cohen",
    ];

    public static readonly string[] FrenchFirstNames =
    [
        "Camille", "Léa", "Manon", "Chloé", "Inès", "Julie", "Sophie", "Claire", "Élodie", "Mathilde", "Lucas", "Hugo", "Louis",
        "Antoine", "Julien", "Nicolas", "Thomas", "Maxime", "Alexandre", "Mathieu", "Céline", "Aurélie", "Pierre", "Olivier",
        "Émilie", "Benoît", "Margaux", "Yasmine", "Karim", "Mehdi",
    ];

    public static readonly string[] FrenchLastNames =
    [
        "Martin", "Bernard", "Dubois", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre",
        "Michel", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "Mercier", "Dupont", "Lambert", "Bonnet",
        "François", "Benali",
    ];

    public static readonly string[] QuebecLastNames = ["Tremblay", "Gagnon", "Côté", "Bouchard", "Gauthier", "Roy", "Pelletier", "Lavoie", "Bélanger"];

    // ---- Titles by role ---------------------------------------------------------------------------

    public static readonly string[] DecisionMakerTitles =
    [
        "Chief Executive Officer", "Chief Operating Officer", "Chief Technology Officer", "VP of Sales", "VP of Operations",
        "Head of Marketing", "Director of IT", "Managing Director", "VP of Customer Experience", "Chief Information Officer",
        "Director of Procurement", "General Manager",
    ];

    public static readonly string[] InfluencerTitles =
    [
        "Operations Manager", "Senior Software Engineer", "Marketing Manager", "Product Manager", "Sales Manager", "IT Manager",
        "Customer Success Lead", "Project Manager", "Data Analyst", "Solutions Architect", "Team Lead, Support", "Business Analyst",
        "Digital Marketing Specialist", "Systems Administrator", "Training Coordinator",
    ];

    public static readonly string[] BillingTitles =
    [
        "Finance Manager", "Accounts Payable Specialist", "Controller", "Procurement Manager", "Chief Financial Officer", "Finance Director",
    ];

    public static readonly string[] OtherTitles = ["Office Manager", "Executive Assistant", "HR Business Partner", "Recruiter", "Facilities Coordinator"];

    public static readonly string[] SmallCompanyTitles = ["Founder", "Co-founder", "Owner", "Office Manager"];

    public static readonly string[] NonProfitStaffTitles = ["Executive Director", "Development Director", "Program Manager", "Volunteer Coordinator", "Finance Officer"];

    public static readonly string[] IndividualTitles =
    [
        "Freelance Consultant", "Independent Designer", "Accountant", "Photographer", "Real Estate Agent", "Teacher", "Student",
        "Retired", "Physiotherapist", "Architect",
    ];

    // ---- Activity text ----------------------------------------------------------------------------

    public static readonly string[] Sources = ["Website", "Referral", "Trade show", "LinkedIn", "Webinar", "Cold outreach", "Partner", "Inbound call", "Import"];

    /// <summary>Parts of the product people talk about ({topic}).</summary>
    public static readonly string[] Topics =
    [
        "onboarding", "the API integration", "data migration", "user training", "SSO setup", "reporting dashboards", "the mobile app",
        "workflow automation", "the Outlook add-in", "custom fields", "permissions and roles", "e-mail sync",
    ];

    public static readonly string[] Plans = ["Starter", "Growth", "Business", "Enterprise"];
    public static readonly string[] Departments = ["sales", "operations", "finance", "customer support", "marketing", "IT"];
    public static readonly string[] Tools = ["spreadsheets", "a legacy on-premise CRM", "shared inboxes", "a home-grown Access database", "sticky notes and e-mail", "two different CRMs that don't talk to each other"];
    public static readonly string[] Pains =
    [
        "no single view of the customer", "follow-ups fall through the cracks", "reporting takes two days every month",
        "duplicate records everywhere", "no visibility into the pipeline", "onboarding new reps takes weeks", "nobody trusts the numbers",
    ];
    public static readonly string[] Events = ["the regional trade show", "our customer meetup", "the industry conference", "a partner breakfast", "the spring webinar", "the user group evening"];
    public static readonly string[] Competitors = ["a big-name CRM", "their current vendor", "an all-in-one suite", "a cheaper niche tool"];
    public static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    public static readonly string[] Months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public enum Phase { Any, Prospect, Customer }

    /// <summary>One kind of interaction: when in the relationship it happens, what it says, how it ended, how long it took (minutes; 0: no duration).</summary>
    public sealed record InteractionTemplate(string Channel, string Direction, Phase Phase, string Subject, string Body, string[] Outcomes, int MinMinutes, int MaxMinutes);

    public static readonly InteractionTemplate[] InteractionTemplates =
    [
        // E-mail.
        new("email", "outbound", Phase.Prospect, "Following up on our call",
            "Hi {first},\n\nThanks for taking the time to talk today. As promised, here is a short overview of {topic} and how teams like yours use it. Would {weekday} work for a 30-minute walkthrough?\n\nBest,\n{me}",
            ["Sent", "Replied", "Opened"], 0, 0),
        new("email", "outbound", Phase.Prospect, "Proposal for {company}",
            "Hi {first},\n\nPlease find our proposal for the {plan} plan attached: {seats} seats, annual billing, onboarding included. Happy to walk your finance team through it.\n\nBest regards,\n{me}",
            ["Sent", "Replied", "Opened"], 0, 0),
        new("email", "outbound", Phase.Prospect, "Quick question before I send numbers",
            "Hi {first},\n\nOne question before I put numbers together: how many people on the {dept} team would use it day to day?\n\nThanks,\n{me}",
            ["Replied", "No reply"], 0, 0),
        new("email", "outbound", Phase.Prospect, "Customer story: {aIndustry} team like yours",
            "Hi {first},\n\nYou mentioned {pain}. Here's how another {industry} company solved exactly that in their first month. Worth a look before our next call.\n\n{me}",
            ["Opened", "No reply", "Replied"], 0, 0),
        new("email", "outbound", Phase.Prospect, "Checking in",
            "Hi {first},\n\nI know {month} is busy. Is improving {topic} still on your list this quarter, or should I check back later in the year?\n\n{me}",
            ["No reply", "Replied"], 0, 0),
        new("email", "outbound", Phase.Prospect, "Security questionnaire for {company}",
            "Hi {first},\n\nAttached: our completed security questionnaire, SOC 2 summary and the data processing agreement. Let me know if your IT team needs anything else.\n\n{me}",
            ["Sent", "Replied"], 0, 0),
        new("email", "outbound", Phase.Customer, "Your renewal on {renewal}",
            "Hi {first},\n\nYour {plan} subscription renews on {renewal}. Nothing changes on your side; if you'd like to add seats or move to annual billing, now is a good time to tell me.\n\nBest,\n{me}",
            ["Sent", "Replied"], 0, 0),
        new("email", "outbound", Phase.Customer, "Invitation: customer webinar on {topic}",
            "Hi {first},\n\nWe're running a 45-minute session on {topic} on {weekday} at 4pm, with time for questions. Want me to save you a seat?\n\n{me}",
            ["Registered", "Opened", "No reply"], 0, 0),
        new("email", "outbound", Phase.Customer, "Recap and next steps",
            "Hi {first},\n\nGreat session today. Recap:\n- {Topic}: we'll enable it for your account this week\n- Training for the {dept} team on {weekday}\n- Next check-in in {month}\n\nBest,\n{me}",
            ["Sent"], 0, 0),
        new("email", "outbound", Phase.Customer, "Welcome aboard, {first}!",
            "Hi {first},\n\nWelcome! Your workspace is ready. I've booked a kick-off for {weekday}; before then, could you send me the list of people who need access?\n\n{me}",
            ["Sent", "Replied"], 0, 0),
        new("email", "outbound", Phase.Customer, "New in the product: {topic}",
            "Hi {first},\n\nThe improvements to {topic} you asked about are live. Happy to show your team in ten minutes whenever suits.\n\n{me}",
            ["Opened", "Replied"], 0, 0),
        new("email", "inbound", Phase.Prospect, "Re: Proposal for {company}",
            "Hi {me},\n\nThanks for the proposal. Our finance team asked whether you offer quarterly billing, and whether the price holds if we start with {seats} seats and grow later.\n\nRegards,\n{first}",
            ["Needs reply", "Answered"], 0, 0),
        new("email", "inbound", Phase.Prospect, "Re: Checking in",
            "Hi {me}, still interested, but we're waiting for budget sign-off. Let's talk again at the start of {month}. {first}",
            ["Answered", "Follow-up scheduled"], 0, 0),
        new("email", "inbound", Phase.Prospect, "Do you integrate with our ERP?",
            "Hello,\n\nBefore we go further: does your product integrate with our ERP, or would we need the API? We'd rather not build anything ourselves.\n\n{first}",
            ["Answered"], 0, 0),
        new("email", "inbound", Phase.Customer, "Question about invoice #{invoice}",
            "Hello,\n\nThe invoice we received this month lists {seats} seats, but we only have {seats2} active users. Could you check?\n\nThanks,\n{first}",
            ["Answered", "Escalated to billing"], 0, 0),
        new("email", "inbound", Phase.Any, "Can we move our meeting?",
            "Hi {me}, something came up on my side. Could we move our meeting to {weekday} afternoon? Sorry for the short notice. {first}",
            ["Rescheduled", "Answered"], 0, 0),
        new("email", "inbound", Phase.Customer, "Feedback on {topic}",
            "Hi {me},\n\nThe team has been using {topic} for a few weeks now. Overall very positive; the only request is an export to CSV.\n\nBest,\n{first}",
            ["Answered", "Logged as feature request"], 0, 0),
        new("email", "inbound", Phase.Customer, "Adding two people to our account",
            "Hi {me}, we have two new starters in {dept} next month. What's the easiest way to add them, and will it change our invoice? Thanks, {first}",
            ["Answered"], 0, 0),
        new("email", "inbound", Phase.Customer, "Out of office: back on the {day}th",
            "I'm out of the office with limited access to e-mail until the {day}th. For anything urgent please contact our {dept} team.",
            ["Auto-reply"], 0, 0),

        // Calls.
        new("call", "outbound", Phase.Prospect, "Discovery call",
            "Spoke with {first} about how {company} works today. Currently on {tool}; main pain: {pain}. Budget is set for Q{quarter}. Agreed to a demo on {weekday}.",
            ["Connected", "Meeting booked"], 15, 40),
        new("call", "outbound", Phase.Prospect, "Follow-up call on the proposal",
            "Called to follow up on the proposal. {first} is comparing us with {competitor} and wants references from {aIndustry} customer.",
            ["Connected", "Call back requested"], 5, 25),
        new("call", "outbound", Phase.Any, "Check-in call",
            "Left a voicemail asking for 15 minutes next week to go over {topic}.",
            ["Left voicemail", "No answer"], 1, 2),
        new("call", "outbound", Phase.Prospect, "Cold call",
            "Reached {first} on the second try. Not the right time: they're mid-way through a {dept} reorganisation. Happy to hear from us again in {month}.",
            ["Not now", "Call back requested"], 2, 8),
        new("call", "outbound", Phase.Prospect, "Pricing discussion",
            "Walked {first} through the {plan} plan for {seats} users. Main concern is the cost of onboarding; offered to include training for the {dept} team.",
            ["Connected", "Proposal requested"], 15, 35),
        new("call", "outbound", Phase.Customer, "Renewal check-in",
            "Renewal on {renewal} is on track. {first} wants to add {seats2} seats for the {dept} team and asked about the {plan} plan's reporting features.",
            ["Connected", "Upsell opportunity"], 10, 30),
        new("call", "outbound", Phase.Customer, "Reference call prep",
            "Asked {first} whether they'd take a 20-minute call with a prospect from {aIndustry} company. They agreed; sent them three talking points.",
            ["Connected", "Agreed to be a reference"], 5, 15),
        new("call", "inbound", Phase.Customer, "Support escalation: {topic}",
            "{first} called about a problem with {topic} affecting the {dept} team. Opened a ticket with support and promised an update by end of day.",
            ["Escalated to support", "Resolved"], 5, 20),
        new("call", "inbound", Phase.Prospect, "Inbound call: pricing question",
            "{first} called after visiting the pricing page: wanted to know the difference between the {plan} and Enterprise plans for about {seats} users.",
            ["Connected", "Meeting booked"], 5, 15),
        new("call", "inbound", Phase.Customer, "Question about {topic}",
            "{first} wanted to know whether {topic} could work with their existing setup. Walked them through the settings; they'll try it with the {dept} team first.",
            ["Resolved", "Follow-up scheduled"], 5, 25),

        // Meetings.
        new("meeting", "outbound", Phase.Prospect, "Product demo for {company}",
            "Demo for {first} and two colleagues from {dept}. Focused on {topic} and reporting. Questions about data import and SSO. They'll decide by the end of {month}.",
            ["Demo completed", "Proposal requested"], 45, 75),
        new("meeting", "outbound", Phase.Prospect, "Contract negotiation",
            "Went through the order form with {first} and their procurement lead. Open points: payment terms (they want 60 days) and the liability cap.",
            ["Follow-up scheduled", "Verbal yes"], 30, 60),
        new("meeting", "outbound", Phase.Prospect, "Technical deep-dive",
            "Session with their IT lead on {topic}, data residency and backups. No blockers found; they want to see the audit log in action.",
            ["Next steps agreed", "Follow-up scheduled"], 45, 90),
        new("meeting", "outbound", Phase.Customer, "Quarterly business review",
            "Reviewed adoption (most seats active weekly), open support tickets and the roadmap for {topic}. {first} asked for a training session for new hires.",
            ["Next steps agreed", "Follow-up scheduled"], 45, 90),
        new("meeting", "outbound", Phase.Customer, "Kick-off: {topic}",
            "Kick-off with {first}'s team. Agreed on a three-week plan, weekly check-ins on {weekday}s, and a sandbox account for testing.",
            ["Next steps agreed"], 60, 90),
        new("meeting", "outbound", Phase.Customer, "Executive sponsor meeting",
            "Met {first} and their COO. They're happy with the rollout in {dept}; next year's goal is to bring the whole company onto one customer view.",
            ["Next steps agreed", "Expansion discussed"], 30, 60),
        new("meeting", "inbound", Phase.Customer, "Onboarding workshop",
            "Hands-on workshop with the {dept} team: imported their contacts, set up pipelines and two saved views. Very engaged group.",
            ["Completed"], 90, 120),

        // Chat.
        new("chat", "inbound", Phase.Prospect, "Website chat: question about {topic}",
            "Visitor from {company} asked whether we support {topic} out of the box. Shared the docs link and offered a call.",
            ["Answered", "Handed to sales"], 3, 15),
        new("chat", "inbound", Phase.Customer, "Chat: trouble signing in",
            "{first} couldn't sign in after the password reset. Their SSO session had expired; resolved by signing out of the identity provider.",
            ["Resolved"], 5, 20),
        new("chat", "inbound", Phase.Prospect, "Chat: pricing for {seats} seats",
            "Asked about volume pricing for {seats} seats and whether non-profits get a discount.",
            ["Answered", "Handed to sales"], 3, 10),
        new("chat", "inbound", Phase.Customer, "Chat: how to export a report",
            "{first} needed last quarter's activity report as CSV for a board meeting. Showed them the export button on the saved view.",
            ["Resolved"], 3, 12),

        // SMS.
        new("sms", "outbound", Phase.Any, "Meeting reminder",
            "Hi {first}, just a reminder of our meeting tomorrow at {hour}. Talk soon! – {me}", ["Delivered", "Replied"], 0, 0),
        new("sms", "outbound", Phase.Any, "Running late",
            "Hi {first}, running about 10 minutes late, sorry! – {me}", ["Delivered"], 0, 0),
        new("sms", "inbound", Phase.Any, "Confirmed for {weekday}",
            "Confirmed for {weekday}, see you then. {first}", ["Received"], 0, 0),
        new("sms", "inbound", Phase.Customer, "Quick call?",
            "Do you have 5 minutes for a quick call this afternoon? Something about {topic}. {first}", ["Received", "Called back"], 0, 0),

        // Social.
        new("social", "inbound", Phase.Any, "Commented on our LinkedIn post about {topic}",
            "{first} commented: \"We went through exactly this last year, great write-up.\"", ["Replied", "Liked"], 0, 0),
        new("social", "outbound", Phase.Prospect, "LinkedIn connection request",
            "Sent a connection request after the webinar, with a short note about {topic}.", ["Connected", "Pending"], 0, 0),
        new("social", "inbound", Phase.Customer, "Mentioned us on LinkedIn",
            "{first} shared their team's results with {topic} and tagged us. Thanked them and asked whether they'd do a case study.", ["Replied"], 0, 0),
        new("social", "inbound", Phase.Prospect, "Followed our company page",
            "{first} followed our LinkedIn page and liked the post about {industry} teams.", ["Noted"], 0, 0),

        // Web visits.
        new("webVisit", "inbound", Phase.Prospect, "Visited the pricing page",
            "Pages: /pricing, /features/reporting, /customers. Came from a search for \"CRM for {industry}\".", ["Viewed", "Form submitted"], 2, 12),
        new("webVisit", "inbound", Phase.Prospect, "Downloaded the guide to {topic}",
            "Filled in the download form for the guide to {topic} (job title: {title}).", ["Form submitted"], 1, 6),
        new("webVisit", "inbound", Phase.Any, "Viewed the case studies",
            "Pages: /customers, /customers/{industrySlug}, /blog. Returning visitor.", ["Viewed"], 3, 15),
        new("webVisit", "inbound", Phase.Prospect, "Signed up for the webinar",
            "Registered for the webinar on {topic} from the events page.", ["Registered"], 1, 4),
        new("webVisit", "inbound", Phase.Customer, "Read the help centre",
            "Pages: /help/{topicSlug}, /help/getting-started, /status.", ["Viewed"], 2, 10),

        // Direct mail.
        new("directMail", "outbound", Phase.Customer, "Sent holiday card",
            "Handwritten holiday card from the account team.", ["Delivered"], 0, 0),
        new("directMail", "outbound", Phase.Prospect, "Mailed product brochure",
            "Printed brochure and a one-page summary of the {plan} plan, addressed to {first}.", ["Delivered", "Returned to sender"], 0, 0),
        new("directMail", "outbound", Phase.Customer, "Sent welcome pack",
            "Welcome pack: quick-start guide, stickers and a thank-you note for choosing us.", ["Delivered"], 0, 0),
        new("directMail", "outbound", Phase.Prospect, "Invitation to {event}",
            "Printed invitation with two guest passes for {event}.", ["Delivered"], 0, 0),

        // In person.
        new("inPerson", "inbound", Phase.Prospect, "Met at {event}",
            "Met {first} at the stand. Interested in {topic}; asked for a follow-up call with their {dept} lead.", ["Good conversation", "Follow-up scheduled"], 10, 30),
        new("inPerson", "outbound", Phase.Customer, "Lunch with {first}",
            "Lunch near their office. They're happy overall; a reorganisation in {dept} may change who owns the budget next year.", ["Good rapport"], 60, 90),
        new("inPerson", "outbound", Phase.Customer, "Site visit at {company}",
            "Visited the team on site, sat in on their Monday planning and saw how they use the pipeline board. Two ideas for better reporting.", ["Next steps agreed"], 90, 180),
        new("inPerson", "outbound", Phase.Prospect, "Coffee with {first}",
            "Coffee near their office. Candid about {pain}; they'll bring their {dept} lead to a proper demo.", ["Good conversation", "Meeting booked"], 30, 60),
    ];

    /// <summary>The channels an awareness-stage contact is met on: they have not spoken to anyone yet.</summary>
    public static readonly (string Channel, double Weight)[] AwarenessChannels =
        [("webVisit", 40), ("email", 25), ("social", 15), ("chat", 8), ("inPerson", 7), ("directMail", 5)];

    public static readonly (string Channel, double Weight)[] ChannelWeights =
        [("email", 33), ("call", 19), ("meeting", 11), ("chat", 6), ("sms", 5), ("social", 5), ("webVisit", 11), ("directMail", 3), ("inPerson", 7)];

    public static readonly string[] ContactNotes =
    [
        "## Discovery call notes\n\n- **Team size:** {seats} people in {dept}\n- **Current tool:** {tool}\n- **Pain points:** {pain}\n- **Timeline:** decision by the end of {month}\n\nNext step: send pricing for the {plan} plan.",
        "**Renewal risk.** Usage dropped last quarter and {first} mentioned budget cuts in {dept}. Plan:\n\n1. Offer a usage review\n2. Loop in their executive sponsor\n3. Revisit pricing before {renewal}",
        "Met {first} at {event}. Interested in *{topic}*; asked for a case study from {aIndustry} customer.",
        "Prefers e-mail over phone calls. Best reached before 10am their time.",
        "Org chart update:\n\n- {first} now reports to the COO\n- A new IT lead starts in {month}\n- Purchases above 10k go through procurement",
        "Security questionnaire sent back. Open items:\n\n- [x] SOC 2 report\n- [x] Data processing agreement signed\n- [ ] SSO configuration call",
        "Out of office until the {day}th; follow up after that.",
        "> \"We need something the whole team will actually use.\"\n\n{first} on why their last rollout failed. Keep the demo focused on ease of use, not features.",
        "Champion! Happy to be a reference for other {industry} prospects. Asked to keep calls to 20 minutes.",
        "Asked for a quote for {seats} seats on the {plan} plan with annual billing. Sent it the same day.",
        "Coaches youth football on weekends, so no calls on Saturday mornings.",
        "Moving to a new role at the end of {month}. Ask for an introduction to their successor before then.",
        "Very technical; wants API docs and a sandbox before any sales conversation.",
        "Signed the order form. **Start date:** 1st of {month}. Hand over to onboarding with the notes from the discovery call.",
        "Complained about response times from support last week. Followed up personally; ticket closed and they seemed happy.",
        "Evaluating {competitor} in parallel. Our edge: {topic} and the price of onboarding. Don't discount before the demo.",
        "Decision process:\n\n1. {first} shortlists (done)\n2. IT security review (~2 weeks)\n3. Sign-off by the CFO\n\nRealistic close: end of {month}.",
        "Mentioned they're hiring three people in {dept} this year: seats will grow.",
        "Was a customer at their previous company, so knows the product well. Skip the basics in the demo.",
        "Call notes: happy with {topic}, unhappy with how long the nightly sync takes. Logged with product.",
        "Wants everything in writing after each call. Send a recap e-mail the same day.",
        "Travels a lot; a short SMS before calls works better than calendar invites.",
        "Pilot results: the {dept} team logged **twice as many** follow-ups in the first month. Share with their exec sponsor.",
        "Budget owner is not {first} but the head of {dept}; {first} is the day-to-day user. Keep both in the loop.",
        "Asked about a non-profit discount for their foundation work; pointed them to the community programme.",
        "Birthday is coming up; the team sent a card last year and {first} mentioned it on our next call.",
        "### Next steps\n\n- Send the guide to {topic}\n- Book a 30-minute call with their IT lead\n- Check in again after {month}",
        "No reply to the last three e-mails. Try a call, then pause until next quarter.",
        "Introduced us to two colleagues at a sister company. Thank-you note sent.",
        "Prefers video calls with the camera off; keep slides simple and send them afterwards.",
    ];

    public static readonly string[] AccountNotes =
    [
        "## Account plan\n\n| Goal | Target |\n|---|---|\n| Expand to the {dept} team | Q{quarter} |\n| Renew at current price | {renewal} |\n| Case study | this year |",
        "Procurement requires three quotes for anything above 25k. Start the paperwork early.",
        "**Budget cycle:** fiscal year starts in {month}; budgets are set six weeks before.",
        "They use {tool} for {dept} today. Integration is the main blocker to a wider rollout.",
        "Main office moved; shipping address updated. Invoices still go to the PO box.",
        "Key people:\n\n- **Sponsor:** the COO\n- **Day-to-day:** {first}\n- **Billing:** the finance team's shared inbox",
        "Lost this one to {competitor} two years ago on price. Now unhappy with them; worth a fresh conversation about {topic}.",
        "Competitor is offering a steep first-year discount. Don't match it; lead with onboarding and support quality.",
        "Payment terms: net 45, PO number required on every invoice.",
        "Renewal on {renewal}. Seat usage is around 80%; expect them to ask for a smaller plan unless adoption in {dept} improves.",
        "Health check: **green**. Weekly active users up, two open tickets (both minor).",
        "Parent company is centralising purchasing next year; the subsidiaries may move onto one contract.",
    ];

    /// <summary>A follow-up; <paramref name="Soon"/>: one that is done within a day or two of what caused it (never weeks ahead).</summary>
    public sealed record TaskTemplate(Phase Phase, string Title, string? Description, bool Soon = false);

    public static readonly TaskTemplate[] TaskTemplates =
    [
        new(Phase.Prospect, "Send proposal to {first} {last}", "Include the {plan} plan, {seats} seats, annual billing."),
        new(Phase.Prospect, "Follow up on pricing questions", null),
        new(Phase.Prospect, "Book a demo with {first}", "Focus on {topic}. Invite their {dept} lead."),
        new(Phase.Prospect, "Send case study to {first}", "{AIndustry} customer, ideally one of similar size."),
        new(Phase.Prospect, "Send contract for signature", null),
        new(Phase.Prospect, "Connect on LinkedIn with {first}", null),
        new(Phase.Prospect, "Answer the security questionnaire for {company}", "Due before their IT review. SOC 2 summary and DPA attached last time."),
        new(Phase.Prospect, "Check budget status with {first}", null),
        new(Phase.Prospect, "Prepare demo environment for {company}", "Load sample data for {aIndustry} company; show {topic}."),
        new(Phase.Customer, "Prepare QBR deck for {company}", "Adoption numbers, open tickets, roadmap for {topic}."),
        new(Phase.Customer, "Renewal call with {company}", "Renewal on {renewal}. Check seat count first."),
        new(Phase.Customer, "Check in after onboarding", null),
        new(Phase.Customer, "Update billing contact for {company}", null),
        new(Phase.Customer, "Invite {first} to the customer webinar", null),
        new(Phase.Customer, "Review support tickets for {company}", "Three tickets about {topic} this month."),
        new(Phase.Customer, "Ask {first} for a referral", null),
        new(Phase.Customer, "Schedule training for the {dept} team", "Two sessions of 45 minutes; record them for new starters."),
        new(Phase.Customer, "Send usage report to {first}", null),
        new(Phase.Any, "Call {first} back", null, Soon: true),
        new(Phase.Any, "Reply to {first}'s e-mail about {topic}", null, Soon: true),
        new(Phase.Any, "Log notes from the meeting with {first}", null, Soon: true),
        new(Phase.Any, "Send {first} a recap of the call", null, Soon: true),
        new(Phase.Any, "Prepare for the meeting with {first}", "Read the last notes; bring numbers on {topic}."),
        new(Phase.Any, "Check in with {first} about {topic}", null),
    ];

    public static readonly string[] PreferredContactTimes = ["Morning", "Afternoon", "Evening", "Any time"];
}
