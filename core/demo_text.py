"""Word lists and templates for the demo force's free text.

Lists are written most common first: the generator weights them by rank, so some words appear in
about a tenth of the records and others in one in a thousand. `{name}` slots are filled from the
list of that name (a trailing digit asks for a second, independent pick); team-specific slots
(street, shop, park, venue, school, spot, area, estate, hotspot, lpa) come from the team.
Templates are one a line, or separated by ` | `; keyed blocks put `key:` before each template.
"""


def _lines(block: str) -> tuple[str, ...]:
    """One template a line or between ` | `."""
    items = (part.strip() for line in block.splitlines() for part in line.split(" | "))
    return tuple(item for item in items if item)


def _words(block: str) -> tuple[str, ...]:
    """Entries separated by commas, over as many lines as needed."""
    return tuple(word.strip() for word in block.replace("\n", ",").split(",") if word.strip())


def _keyed(block: str) -> dict[str, tuple[str, ...]]:
    """Templates grouped by the `key:` that starts their line."""
    found: dict[str, list[str]] = {}
    for line in block.strip().splitlines():
        key, _, templates = line.partition(": ")
        found.setdefault(key.strip(), []).extend(_lines(templates))
    return {key: tuple(templates) for key, templates in found.items()}


PATROL_TYPES = _words("""
hotspot_patrol, priority_patrol, asb_patrol, high_visibility_reassurance, tasking, operation, other
""")

PATROL_MODES = _words("foot, vehicle, mixed, cycle")

OUTCOMES = _lines("""
none | words_of_advice | community_engagement | words_of_advice community_engagement
intelligence_submitted | asb_warning_intervention | stop_and_search | arrest
stop_and_search drugs_weapons_seized | intelligence_submitted community_engagement
words_of_advice asb_warning_intervention | safeguarding_referral | vehicle_seized | other
stop_and_search drugs_weapons_seized arrest
""")
"""Patrol outcomes as they are ticked together, one combination between bars."""

COMMUNITY_GROUPS = _words("""
general_public, older_people, business, young_people, ethnic_minority_communities, faith_groups,
disabled_people, rural_communities, students, homeless, victims_groups, lgbt, gypsy_roma_traveller,
other
""")

LEADING_GROUPS = {
    "school_or_youth_visit": ("young_people", "students"),
    "business_visit": ("business",),
    "faith_or_community_group_visit": ("faith_groups", "ethnic_minority_communities"),
    "neighbourhood_watch": ("older_people",),
    "event_or_fete": ("general_public", "young_people"),
}

PARTNERS = _words(
    "council, housing, youth_services, education, voluntary_sector, health, fire, other"
)

LPA_NAMES = _words("""
Kestlebridge, Harrowmere, Brindlecote, Oakhallow, Ravensholt, Fallowmere, Wendlemouth,
Corrindale, Ashenwick, Mardlebury
""")

NEIGHBOURHOOD_STEMS = _words("""
Ashgrove, Bramblewood, Brookhollow, Carrwood, Chantry Fields, Cinderhill, Coppice Vale, Crowthorn,
Danesmoor, Deepdale, Elmstead, Fairholme, Fernleigh, Foxcote, Glebelands, Goosemoor, Greystones,
Hallgate, Hawksmoor, Heathcote, Hollinsend, Hopwell, Kilnworth, Kingsmead, Lark Rise, Lindenfold,
Longacre, Marlpit, Meadowbank, Millbrook, Moorside, Nettlebed, Oakenshaw, Orchard Vale, Pellow,
Pinfold, Quarry Bank, Redhill Green, Rookwood, Ryecroft, Saltersgate, Sandyford, Sedgemoor Park,
Shepherds Well, Sorrelby, Stanwick Heath, Tanners Green, Thistlecombe, Thornbury Rise, Tollgate,
Underhill, Wadebridge Park, Waterside, Weavers Row, Whitcliffe, Willowbrook, Windyridge, Wolverley,
Wrenfield, Yarrowby, Abbeymead, Beckside, Cherry Tree, Copper Beech, Eastgate, Holloway Top
""")

STREET_STEMS = _words("""
Market, High, Church, Station, Mill, Chapel, Victoria, Albert, King, Queen, Park, School, Bridge,
Water, Green, Orchard, Meadow, Willow, Beech, Cedar, Hawthorn, Foundry, Tannery, Canal, Forge,
Granary, Malthouse, Priory, Abbey, Castle, Windmill, Quarry, Brewery, Rope, Tanners, Weavers,
Potters, Coopers, Sycamore, Rowan, Linden, Hazel, Larch, Chestnut, Poplar, Alder, Heron, Swallow,
Kingfisher, Wren, Coronation, Jubilee, Union, Nelson, Wellington, Osborne, Grange, Manor, Vicarage
""")

WARD_SUFFIXES = _words("North, South, East, West, Central")

STREET_KINDS = _words("""
Street, Road, Lane, Avenue, Close, Way, Crescent, Terrace, Drive, Grove, Walk, Row, Gardens, Place
""")

SHOPS = _words("""
Co-op, Spar, chip shop, One Stop, Londis, off-licence, kebab shop, bookmakers, post office,
pharmacy, vape shop, newsagents, Premier store, petrol station, takeaway, barbers, launderette,
charity shop, pound shop, nail bar, bakery, butchers, Costcutter, pizza shop, hardware store
""")

PLACES = _keyed("""
estate: the {stem} estate | {stem} Court | {stem} House flats | the {stem} Park estate
park: Riverside Park | Memorial Park | Jubilee Park | Victoria Park | {area} Rec | {area} Woods
park: {stem} Fields | Millennium Green | Coronation Gardens | King George's Field | Brook Meadow
park: The Leys
venue: {area} Community Centre | the library | St Michael's Church Hall | the Scout hut
venue: the village hall | the Methodist church hall | the leisure centre | the Miners' Welfare
venue: the cricket club pavilion | the family hub | the youth club | the Salvation Army hall
venue: the GP surgery meeting room
school: {area} Primary School | {area} Academy | St Anne's CE Primary | {street0} Junior School
school: Northshire College | {area} High School | the pupil referral unit
spot: the underpass | the garages behind {street} | the canal towpath | the bus station
spot: the alleyway off {street} | the precinct | the skate park | the railway footbridge
spot: the multi-storey car park | the flats on {street} | the retail park
spot: the bin store at {estate} | the shelter in {park} | the cut-through by the school
spot: the recycling bank | the cemetery | the old quarry | the tram stop | the taxi rank
hotspot: {street} shops | {park} play area | {street} underpass | {street} precinct
hotspot: {street} car park | {street} bus stops | the alley behind {street} | {park} skate park
hotspot: {street} parade | {area} station forecourt
""")
"""Templates for a team's own places, drawn once per team, in the order they are needed."""

LOCATIONS = _lines("""
Outside the {shop}, {street} | {street} | {park} play area | {street} junction with {street2}
{venue}, {street} | {spot} | Rear of the {shop}, {street} | {area} town centre | {park}
Car park behind the {shop}, {street} | {street} near {school} | {park}, near the skate park
{estate} | {street} and surrounding roads | Footpath between {street} and {street2}
{school}, {street}
""")

ENGAGEMENT_PLACES = _keyed("""
beat_surgery: {venue} | Outside the {shop}, {street} | {venue}, {street}
street_briefing: {street} | {street} junction with {street2}
community_pact_meeting: {venue} | {venue}, {street}
school_or_youth_visit: {school} | {venue}
partner_meeting: {venue} | {lpa} police station | Council offices, {lpa}
neighbourhood_watch: {venue} | {street}
faith_or_community_group_visit: {faith_place} | {venue}
business_visit: The {shop}, {street} | {street} | {area} town centre
online_or_social_media_engagement: Online - team social media page
online_or_social_media_engagement: Online - community messaging system | Online Q&A (video call)
event_or_fete: {park} | {area} town centre
door_to_door_reassurance_visits: {street} | {street} and surrounding roads
other: {venue} | {estate}
""")
"""Where each type of engagement happens, filled after the notes so that both name one place."""

ABSTRACTION_PLACES = _keyed("""
response_cover: {lpa} police station | {lpa} response base
custody_prisoner_handling: {lpa} custody suite
public_order_or_event_aid: {lpa} Town FC ground | {lpa} town centre
major_incident: {area} | {street}
scene_guard: {street} | {spot}
night_time_economy: {lpa} town centre
court: {lpa} Magistrates' Court | Northshire Crown Court
training: Force training centre | Northshire Police HQ | Online training
control_room_cad_cover: Force control room
other_force_demand: {park} | {lpa} General Hospital | Neighbouring force area
other: Northshire Police HQ | {lpa} police station
""")

SLOTS = _keyed("""
concern: anti-social behaviour | youths gathering | drug dealing | speeding | shoplifting
concern: off-road bikes | cycling on pavements | drug litter | street drinking | nuisance parking
concern: begging | rough sleeping | e-scooters on pavements | vehicle crime | criminal damage
concern: noise nuisance | littering | fly-tipping | graffiti | cannabis smoking | dog fouling
concern: car cruising | nitrous oxide canisters | burglary | catalytic converter thefts
concern: pedal cycle theft | fireworks misuse | intimidation of shop staff | stone throwing at buses
concern: abandoned vehicles | suspected county lines activity | underage drinking | cuckooing
concern: doorstep scams | theft from sheds | hate incidents | harassment of women and girls
concern: quad bikes on footpaths | deliberate fires | knife carrying | unlicensed taxis
concern: hare coursing
month: January | February | March | April | May | June | July | August | September | October
month: November | December
people: residents | shopkeepers | parents | older residents | the housing officer | ward councillors
people: the school | bus drivers | local businesses | dog walkers | the parish council | tenants
offence: possession with intent to supply | theft from a shop | criminal damage
offence: a public order offence | assault | breach of a criminal behaviour order
offence: possession of an offensive weapon | drink driving
result: nothing found | nothing found and words of advice given | cannabis found and seized
topic: online safety | anti-social behaviour | knife crime | road safety | e-scooter law
topic: county lines and exploitation | hate crime | consent and healthy relationships | vaping
advice: shed and garage security | bike security | doorstep scams | vehicle security | online fraud
advice: keeping homes secure over the holidays | catalytic converter marking
partner_org: the council's community safety team | the housing association | the youth service
partner_org: the fire service | the school safeguarding lead | the drug and alcohol service
partner_org: the street pastors
faith_place: St Michael's Church | the mosque on {street} | the gurdwara | the Baptist chapel
faith_place: the Hindu temple | the synagogue | the Polish Catholic church
event: summer fete | community fun day | Christmas lights switch-on | bonfire night event
event: Eid festival | Diwali celebrations | farmers' market | Pride picnic | careers fair
event: bike marking day
incident: a burglary | a series of car break-ins | an arson attack on a bin store
incident: a reported assault | a catalytic converter theft | a distraction burglary
daypart: afternoons | evenings | school run | weekends | early mornings
we_did: increased patrols at peak times | worked with the council to improve lighting
we_did: carried out speed checks and issued warnings
we_did: visited the shops and gave crime prevention advice | referred the group to youth services
we_did: executed a drugs warrant
we_did_past: patrolled the area every evening for two weeks
we_did_past: served two community protection warnings | seized two off-road bikes
we_did_past: arranged for the council to remove the abandoned cars | arrested a male for dealing
we_did_past: put up signs and gave advice to cyclists
shift: early | late | night
small: two | three | four | five | six | several | a few
year: 5 | 6 | 7 | 8 | 9 | 10 | 11
authoriser: Duty inspector | Response sergeant | NPT sergeant | Force incident manager
authoriser: Custody sergeant | Ops planning | Chief inspector operations | Control room inspector
""")
"""Words every team shares, by slot: `{concern}` draws from `concern`."""

PRIORITY_TITLES = _keyed("""
anti-social behaviour: ASB in {area} town centre
drug dealing: Drug dealing at {spot}
speeding: Speeding on {street}
shoplifting: Shoplifting on {street}
youths gathering: Youth disorder in {park}
off-road bikes: Off-road bikes on {park}
burglary: Burglary in {area}
street drinking: Street drinking around {spot}
cycling on pavements: Cycling and e-scooters on pavements in {area}
nuisance parking: Nuisance parking outside {school}
vehicle crime: Vehicle crime around {spot}
rough sleeping: Rough sleeping and begging around {spot}
drug litter: Drug litter at {park}
criminal damage: Criminal damage at {estate}
suspected county lines activity: Exploitation and county lines in {area}
theft from sheds: Theft from sheds and garages in {area}
""")

PRIORITY_DESCRIPTIONS = _lines("""
Raised by residents at the {month} PACT meeting.
Agreed with the council's community safety team after repeated calls from {people}.
Set after a rise in reports on {street}; reviewed with partners each month.
Chosen at a street briefing on {street} and confirmed on the community messaging survey.
""")

PATROL_OPENERS = _lines("""
{mode} patrol of {street} and {spot} following reports of {concern}.
High-visibility patrol around the {shop} on {street} to reassure residents after recent {concern}.
Patrolling {park} and surrounding streets in response to complaints about {concern}.
Conducted a {mode_adj} patrol of {area} focusing on {concern}.
Reassurance patrol of {street} and {street2} after {concern} was raised by {people}.
Walked the beat through {estate} and {spot}.
Targeted patrol of {spot} linked to the neighbourhood priority on {concern}.
Evening patrol of {area} town centre with the licensing team.
Joint patrol with council wardens along {street} looking at {concern}.
""")

TYPE_OPENERS = _keyed("""
hotspot_patrol: Patrolled {hotspot} as part of the hotspot plan.
hotspot_patrol: Hotspot visit to {hotspot}; stayed in the zone and spoke to passers-by.
hotspot_patrol: Dosage patrol of {hotspot} in line with the hotspot policing plan.
hotspot_patrol: High-visibility presence at {hotspot} during the peak hours for {concern}.
operation: Patrol under {operation} targeting {concern} around {spot}.
operation: {operation}: plain clothes and marked patrols of {street} and {spot}.
tasking: Tasked patrol of {spot} following intelligence about {concern}.
tasking: Tasking from the daily management meeting: visible presence on {street} for {concern}.
""")

PATROL_OBSERVATIONS = _lines("""
All quiet on arrival.
Group of {small} youths dispersed from {spot} without issue.
No sign of {concern} during the patrol.
Spoke to shopkeepers on {street} who said {concern} has reduced since the last visit.
Engaged with residents who raised concerns about {concern}.
Found drug litter in the bushes near {spot}; reported to the council for removal.
Off-road bikes seen on {park}, made off across the fields before they could be stopped.
Checked the garages and bin stores on {street}, no signs of forced entry.
Words of advice given to a cyclist riding on the pavement on {street}.
Spoke to staff at the {shop} about repeat shoplifting; advised on CCTV and banning notices.
Strong smell of cannabis near {spot}, area checked, nobody found.
Several nitrous oxide canisters found at {spot} and cleared away.
Rough sleeper spoken to near {spot} and signposted to the outreach team.
Vehicle seen cruising {street} at speed, index noted and passed to roads policing.
Street drinkers at {spot} moved on and alcohol disposed of.
Moved on a group congregating outside the {shop}.
Parents at {school} thanked us for being visible at home time.
Checked on a vulnerable resident on {street}, all well.
Fresh graffiti on the underpass walls, photographed and reported for removal.
Abandoned car on {street} checked on PNC, not stolen, reported to the council.
""")

PATROL_CLOSERS = _lines("""
Will revisit later in the week. | Posted an update on the community messaging system.
Reassurance given to residents. | Passed to the PCSO for follow-up.
To be raised at the next tasking meeting. | Update given to the beat sergeant.
Area to be included in next week's patrol plan. | Local councillor updated by email.
""")

OUTCOME_SENTENCES = _keyed("""
arrest: Male arrested for {offence} and conveyed to {lpa} custody.
arrest: One arrest for {offence}; prisoner handed over to the response team.
arrest: Wanted male located on {street} and arrested.
stop_and_search: Stop and search conducted under s.23 Misuse of Drugs Act, {result}.
stop_and_search: Youth searched under s.1 PACE after reports of a blade, {result}.
intelligence_submitted: Intelligence submitted regarding {concern} near {spot}.
intelligence_submitted: Intel log submitted about vehicles visiting {street} for short periods.
asb_warning_intervention: ASB warning issued to a youth for {concern}.
asb_warning_intervention: Community protection warning served on {street}.
vehicle_seized: Vehicle seized under s.59 Police Reform Act for anti-social use.
vehicle_seized: Uninsured car seized on {street}.
drugs_weapons_seized: Small quantity of cannabis seized. | Lock knife seized and booked in.
safeguarding_referral: Safeguarding referral made for a child found at {spot} late at night.
safeguarding_referral: Adult safeguarding concern raised for a resident on {street}.
""")

ENGAGEMENT_OPENERS = _keyed("""
beat_surgery: Beat surgery held at {venue} from {clock}.
beat_surgery: Pop-up beat surgery outside the {shop}, {street}.
beat_surgery: Monthly beat surgery at {venue}; {small} residents came along.
street_briefing: Street briefing on {street} with residents about {concern}.
street_briefing: Knocked on doors along {street} to invite residents to a briefing on {concern}.
community_pact_meeting: PACT meeting at {venue}. Priorities reviewed with residents and councillors.
community_pact_meeting: Attended the {area} PACT meeting and gave an update on {concern}.
school_or_youth_visit: Visited {school} to deliver an input on {topic} to year {year} pupils.
school_or_youth_visit: Dropped in to the youth club at {venue} to chat about {topic}.
school_or_youth_visit: Attended {school} assembly to talk about {topic}.
partner_meeting: Multi-agency meeting with {partner_org} about {concern} in {area}.
partner_meeting: Problem-solving meeting with {partner_org} and housing about {estate}.
neighbourhood_watch: Attended the {area} Neighbourhood Watch meeting; gave advice on {advice}.
neighbourhood_watch: Met the Neighbourhood Watch coordinator for {street} to discuss {concern}.
faith_or_community_group_visit: Visited {faith_place} to meet the congregation about {concern}.
faith_or_community_group_visit: Attended a coffee morning at {venue} run by a community group.
business_visit: Business visits to shopkeepers on {street} regarding {concern}.
business_visit: Visited the {shop} on {street} after staff reported {concern}.
online_or_social_media_engagement: Hosted an online Q&A on the team's page about {concern}.
online_or_social_media_engagement: Posted crime prevention advice on {advice} and took questions.
event_or_fete: Police stall at the {event} in {park}. | Attended the {event} with bike marking kit.
door_to_door_reassurance_visits: Door-to-door reassurance visits on {street} after {incident}.
door_to_door_reassurance_visits: Cocoon visits to neighbours after {incident} on {street}.
other: Attended {venue} at the invitation of the tenants' association.
other: Visited the allotment society about {concern}.
""")

ENGAGEMENT_NOTES = _lines("""
Residents were positive about the increased police presence.
Crime prevention leaflets handed out.
Several people asked how to report {concern} online.
Good turnout despite the weather.
Handed out bike locks and property marking kits.
Took details of a possible witness and passed them to the investigating officer.
Two new members signed up to the community messaging system.
Residents asked for more evening patrols.
Shared the team's current priorities and how to contact us.
""")

ISSUES = _lines("""
Residents raised {concern} on {street} and {concern2} around {spot}.
Ongoing {concern} near the {shop}, mostly after school.
Concerns about {concern} at {spot} at weekends.
Shopkeepers report {concern} several times a week.
Older residents feel unsafe walking past {spot} after dark.
Parents worried about {concern2} near {school}.
Complaints of {concern} from the flats on {street}.
Nobody raised any new issues.
""")

ACTIONS = _lines("""
Extra patrols on {street} in the {daypart}. | Council to clear {spot} and repair the lighting.
PCSO to visit the {shop} weekly. | Housing to write to tenants on {street} about {concern}.
Speed checks with the community speed watch volunteers on {street}.
Referral to youth services for the group using {park}.
To add {spot} to the hotspot plan for the next month.
Joint visit with the licensing officer to the {shop}.
Letter drop on {street} with crime prevention advice.
""")

FEEDBACK = _lines("""
You said: {concern} on {street}. We did: {we_did}.
You said {concern} at {spot} was getting worse; we {we_did_past}.
Update to residents: following your reports of {concern}, we {we_did_past}.
""")

MODES = {"foot": "Foot", "cycle": "Cycle", "vehicle": "Vehicle", "mixed": "Foot and vehicle"}

RARE = _lines("""
A resident handed in a found wallet, which was booked into lost property.
Returned a lost dog to its owner after checking the microchip.
Defibrillator outside {venue} found damaged; reported to the parish council.
Swans blocking the towpath, no police action required.
Horse found loose on {street}; owner traced and it was returned to the paddock.
Helped a motorist whose car had broken down on the roundabout.
Shopping trolleys dumped in the brook near {park}; reported to the council.
Elderly male found confused on {street}, taken home safely and family informed.
Burst water main on {street}, traffic managed until the water company arrived.
Hedgehog awareness sign vandalised at {park}.
Pothole on {street} reported via the council app.
A child's bicycle was recovered and security marked at the owner's request.
Flock of geese on the carriageway of {street}, traffic slowed until they moved.
Fallen tree across the footpath in {park}, cordoned off and reported.
Bus shelter glass smashed on {street}; operator informed.
""")

ABSTRACTION_NOTES = _keyed("""
response_cover: Pulled to cover a response shortfall on the {shift} shift.
response_cover: Covering response due to high demand across {lpa}; attended {small} calls.
custody_prisoner_handling: Prisoner handling at {lpa} custody for an arrest made on {street}.
custody_prisoner_handling: Constant watch on a detained person at {lpa} custody.
public_order_or_event_aid: Public order aid for the {lpa} Town FC home match.
public_order_or_event_aid: Event aid at the {event} in {lpa}.
public_order_or_event_aid: Protest in {lpa} town centre; deployed on cordons.
major_incident: Major incident: flooding in {area}, evacuation of residents.
major_incident: Major incident: large fire at an industrial unit, cordon duties.
scene_guard: Scene guard at {street} following a serious assault.
scene_guard: Scene guard at an address on {street} after a sudden death.
scene_guard: Crime scene cordon on {street} overnight.
night_time_economy: Night-time economy cover in {lpa} town centre.
night_time_economy: NTE patrols with street pastors in {lpa}.
court: Attended {lpa} Magistrates' Court as a witness. | Warned for Crown Court; case adjourned.
training: Personal safety training refresher. | Emergency life support refresher.
training: Public order training day. | Stalking and harassment training.
training: Safeguarding and exploitation training.
control_room_cad_cover: Covering CAD in the control room due to staff shortage.
control_room_cad_cover: Assisting the control room with the call backlog.
other_force_demand: High-risk missing person search around {park}.
other_force_demand: Mutual aid to a neighbouring force. | Hospital watch for a detained person.
other: Recalled for a force-wide briefing. | Prisoner escort to another force area.
""")

ABSTRACTION_EXTRAS = _lines("""
Returned to neighbourhood duties at the end of the shift.
Planned patrol of {street} cancelled as a result. | Beat surgery at {venue} postponed.
Hotspot patrols for the day not completed. | PACT meeting covered by a colleague.
""")

OPERATIONS = _words("""
Nightjar, Kingfisher, Goldcrest, Lapwing, Curlew, Skylark, Redwing, Fieldfare, Bittern, Avocet,
Dunlin, Merlin, Osprey, Stonechat, Whimbrel, Wagtail, Nuthatch, Siskin, Linnet, Yellowhammer
""")

FIRST_NAMES = _words("""
James, Oliver, Jack, Harry, George, Thomas, Daniel, Matthew, Ryan, Adam, Liam, Connor, Jamie,
Mohammed, Amir, Imran, Raj, Sanjay, Kwame, Tomasz, Piotr, Luke, Sam, Ben, Chris, Mark, Paul,
Stephen, Lee, Craig, Dean, Gareth, Rhys, Callum, Ewan, Joe, Nathan, Kieran, Scott, Ashley,
Emma, Sophie, Charlotte, Hannah, Laura, Rebecca, Sarah, Jessica, Amy, Lucy, Katie, Megan, Chloe,
Priya, Aisha, Fatima, Nadia, Amara, Zara, Wiktoria, Agnieszka, Siobhan, Niamh, Rachel, Claire,
Helen, Kerry, Leanne, Gemma, Stacey, Natalie, Jodie, Holly, Ellie, Abbie, Rosie, Jade, Kirsty
""")

SURNAMES = _words("""
Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Robinson, Wright, Thompson, Evans,
Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, Patel, Khan, Lewis, James, Phillips,
Mason, Mitchell, Rose, Davis, Rodgers, Ahmed, Hussain, Ali, Begum, Singh, Kaur, Shah, Sharma,
Mensah, Okafor, Kowalski, Nowak, Wisniewski, O'Brien, O'Connor, Murphy, Kelly, McDonald, Campbell,
Stewart, Reid, Morgan, Hughes, Price, Griffiths, Cooper, Ward, Turner, Hill, Moore, Baker,
Harrison, Parker, Bennett, Cook, Bell, Shaw, Holmes, Lloyd, Marshall, Fox, Chapman, Webb, Ellis,
Gibson, Kennedy, Hunt, Palmer, Dixon, Atkinson, Barker, Fletcher, Booth, Pearson, Kay, Lowe
""")
