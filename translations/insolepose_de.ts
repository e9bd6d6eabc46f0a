<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>LiveDisplay</name>
    <message>
        <source>waiting for frames</source>
        <translation>warte auf Frames</translation>
    </message>
    <message>
        <source>live: no camera (Live &gt; Connect camera…)</source>
        <translation>live: keine Kamera (Live &gt; Kamera verbinden…)</translation>
    </message>
    <message>
        <source>live %1</source>
        <translation>live %1</translation>
    </message>
    <message>
        <source>Live: connecting to %1…</source>
        <translation>Live: Verbindung mit %1 wird hergestellt…</translation>
    </message>
    <message>
        <source>no session</source>
        <translation>keine Sitzung</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>live camera  %1 fps</source>
        <translation>Live-Kamera  %1 fps</translation>
    </message>
    <message>
        <source>load %1  contact %2 taxels%3</source>
        <translation>Last %1  Kontakt %2 Taxel%3</translation>
    </message>
    <message>
        <source>  (calibrating)</source>
        <translation>  (Kalibrierung)</translation>
    </message>
    <message>
        <source>  ● REC</source>
        <translation>  ● REC</translation>
    </message>
    <message>
        <source>live %1%2</source>
        <translation>live %1%2</translation>
    </message>
    <message>
        <source>pose of the newest frame (0 frames behind)</source>
        <translation>Pose des neuesten Frames (0 Frames Rückstand)</translation>
    </message>
    <message>
        <source>pose 1 frame (%1 s) behind the newest</source>
        <translation>Pose 1 Frame (%1 s) hinter dem neuesten</translation>
    </message>
    <message>
        <source>pose %1 frames (%2 s) behind the newest</source>
        <translation>Pose %1 Frames (%2 s) hinter dem neuesten</translation>
    </message>
    <message>
        <source>latency –</source>
        <translation>Latenz –</translation>
    </message>
    <message>
        <source>median of last %1 poses: arrival to screen %2 ms, model %3 ms</source>
        <translation>Median der letzten %1 Posen: Eingang bis Bildschirm %2 ms, Modell %3 ms</translation>
    </message>
    <message>
        <source>Pair %1: </source>
        <translation>Paar %1: </translation>
    </message>
    <message>
        <source>%1%2 (%3), dropped (queue full) %4</source>
        <translation>%1%2 (%3), verworfen (Warteschlange voll) %4</translation>
    </message>
    <message>
        <source>   %1 insole: %2, %3 Hz, %4 frames, %5 lost, jitter %6 ms</source>
        <translation>   Einlegesohle %1: %2, %3 Hz, %4 Frames, %5 verloren, Jitter %6 ms</translation>
    </message>
    <message>
        <source>left</source>
        <translation>links</translation>
    </message>
    <message>
        <source>right</source>
        <translation>rechts</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>   recording to %1: L %2, R %3 frames</source>
        <translation>   Aufnahme nach %1: L %2, R %3 Frames</translation>
    </message>
    <message>
        <source>   camera: %1 fps, %2 frames, %3 dropped</source>
        <translation>   Kamera: %1 fps, %2 Frames, %3 verworfen</translation>
    </message>
    <message>
        <source>   camera: none (Live &gt; Connect camera…)</source>
        <translation>   Kamera: keine (Live &gt; Kamera verbinden…)</translation>
    </message>
    <message>
        <source>Model: %1, %2</source>
        <translation>Modell: %1, %2</translation>
    </message>
    <message>
        <source>Model: none (File &gt; Choose model)</source>
        <translation>Modell: keines (Datei &gt; Modell wählen)</translation>
    </message>
    <message>
        <source>Poses shown: %1</source>
        <translation>Angezeigte Posen: %1</translation>
    </message>
    <message>
        <source>Live: no model (File &gt; Choose model)</source>
        <translation>Live: kein Modell (Datei &gt; Modell wählen)</translation>
    </message>
    <message>
        <source>Live: %1, %2</source>
        <translation>Live: %1, %2</translation>
    </message>
    <message>
        <source>%1 pairs; </source>
        <translation>%1 Paare; </translation>
    </message>
    <message>
        <source>waiting for %1 frames per foot</source>
        <translation>warte auf %1 Frames je Fuß</translation>
    </message>
    <message>
        <source>last pose: arrival to screen %1 ms, model %2 ms</source>
        <translation>letzte Pose: Eingang bis Bildschirm %1 ms, Modell %2 ms</translation>
    </message>
    <message>
        <source>left load</source>
        <translation>Last links</translation>
    </message>
    <message>
        <source>right load</source>
        <translation>Last rechts</translation>
    </message>
    <message>
        <source>a.u.</source>
        <translation>a.u.</translation>
    </message>
    <message>
        <source>Precision: %1</source>
        <translation>Rechengenauigkeit: %1</translation>
    </message>
    <message>
        <source>Pressure of pair:</source>
        <translation>Druck von Paar:</translation>
    </message>
    <message>
        <source>Whose pressure maps, centre-of-pressure trail and load history are shown</source>
        <translation>Wessen Druckkarten, Druckmittelpunkt-Spur und Lastverlauf angezeigt werden</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>pair 2 stands %1 m at pair 1&apos;s right hand</source>
        <translation>Paar 2 steht %1 m rechts von Paar 1</translation>
    </message>
    <message>
        <source>pairs 1 to %1 stand in a row %2 m apart, each at the right hand of the one before</source>
        <translation>Paare 1 bis %1 stehen in einer Reihe, %2 m voneinander, jedes rechts vom vorigen</translation>
    </message>
    <message>
        <source>pair %1 %2</source>
        <translation>Paar %1 %2</translation>
    </message>
</context>
<context>
    <name>StudioPanels</name>
    <message>
        <source>Ground truth</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Left foot</source>
        <translation>Linker Fuß</translation>
    </message>
    <message>
        <source>Right foot</source>
        <translation>Rechter Fuß</translation>
    </message>
    <message>
        <source>Pressure</source>
        <translation>Druck</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <source>no session</source>
        <translation>keine Sitzung</translation>
    </message>
    <message>
        <source>review</source>
        <translation>Sichtung</translation>
    </message>
    <message>
        <source>Live load history</source>
        <translation>Live-Lastverlauf</translation>
    </message>
</context>
<context>
    <name>insolepose::AboutDialog</name>
    <message>
        <source>&lt;h2&gt;InsolePose Studio %1&lt;/h2&gt;&lt;p&gt;3D human pose from smart-insole foot pressure: record, label, train, evaluate and compare.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;InsolePose Studio %1&lt;/h2&gt;&lt;p&gt;3D-Körperpose aus dem Fußdruck smarter Einlegesohlen: aufnehmen, labeln, trainieren, auswerten und vergleichen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Built with:&lt;/p&gt;</source>
        <translation>&lt;p&gt;Erstellt mit:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>&lt;p&gt;Running on Qt %1. The full licence texts are in /usr/share/doc/&amp;lt;package&amp;gt;/copyright of each Debian package.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Läuft mit Qt %1. Die vollständigen Lizenztexte stehen in /usr/share/doc/&amp;lt;Paket&amp;gt;/copyright des jeweiligen Debian-Pakets.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About InsolePose Studio</source>
        <translation>Über InsolePose Studio</translation>
    </message>
</context>
<context>
    <name>insolepose::AgreementDialog</name>
    <message>
        <source>Label agreement</source>
        <translation>Label-Übereinstimmung</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>Präzision</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>Trefferquote</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>frames (reference)</source>
        <translation>Frames (Bezug)</translation>
    </message>
    <message>
        <source>frames (other)</source>
        <translation>Frames (Vergleich)</translation>
    </message>
    <message>
        <source>Reference track (A):</source>
        <translation>Bezugsspur (A):</translation>
    </message>
    <message>
        <source>Other track (B):</source>
        <translation>Vergleichsspur (B):</translation>
    </message>
    <message>
        <source>Boundary tolerance:</source>
        <translation>Grenztoleranz:</translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation>CSV speichern…</translation>
    </message>
    <message>
        <source>Save agreement</source>
        <translation>Übereinstimmung speichern</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>Vergleich nicht möglich: %1</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa %1 over %2 frames (observed agreement %3, chance %4). Segments: %5 matched, %6 missed, %7 extra (F1 %8).</source>
        <translation>Cohens Kappa %1 über %2 Frames (beobachtete Übereinstimmung %3, zufällige %4). Segmente: %5 übereinstimmend, %6 fehlend, %7 zusätzlich (F1 %8).</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>insolepose::ComparisonDock</name>
    <message>
        <source>Comparison</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>Prediction:</source>
        <translation>Vorhersage:</translation>
    </message>
    <message>
        <source>Against:</source>
        <translation>Verglichen mit:</translation>
    </message>
    <message>
        <source>Worst frames (click to go there):</source>
        <translation>Schlechteste Frames (Klick springt dorthin):</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>&amp;Comparison</source>
        <translation>&amp;Vergleich</translation>
    </message>
    <message>
        <source>show the comparison of ground truth and predictions</source>
        <translation>Vergleich von Referenz und Vorhersagen anzeigen</translation>
    </message>
    <message>
        <source>&amp;Export comparison…</source>
        <translation>Vergleich e&amp;xportieren…</translation>
    </message>
    <message>
        <source>write the comparison as CSV, PNG charts and a one-page PDF</source>
        <translation>Vergleich als CSV, PNG-Diagramme und einseitiges PDF schreiben</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>%1 vs %2</source>
        <translation>%1 vs. %2</translation>
    </message>
    <message>
        <source>cm</source>
        <translation>cm</translation>
    </message>
    <message>
        <source>No predictions to compare (File &gt; Predict session).</source>
        <translation>Keine Vorhersagen zum Vergleichen (Datei &gt; Sitzung vorhersagen).</translation>
    </message>
    <message>
        <source>Loop range %1–%2 s: %3 frames</source>
        <translation>Schleifenbereich %1–%2 s: %3 Frames</translation>
    </message>
    <message>
        <source>Whole session: %1 frames</source>
        <translation>Gesamte Sitzung: %1 Frames</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>Frames</translation>
    </message>
    <message>
        <source>MPJPE (cm)</source>
        <translation>MPJPE (cm)</translation>
    </message>
    <message>
        <source>PA-MPJPE (cm)</source>
        <translation>PA-MPJPE (cm)</translation>
    </message>
    <message>
        <source>MPJPE %1 (cm)</source>
        <translation>MPJPE %1 (cm)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>all joints</source>
        <translation>alle Gelenke</translation>
    </message>
    <message>
        <source>body region</source>
        <translation>Körperregion</translation>
    </message>
    <message>
        <source>axis</source>
        <translation>Achse</translation>
    </message>
    <message>
        <source>action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>%1. %2 s   MPJPE %3 cm   PA-MPJPE %4 cm</source>
        <translation>%1. %2 s   MPJPE %3 cm   PA-MPJPE %4 cm</translation>
    </message>
    <message>
        <source>Mean error per joint (cm)</source>
        <translation>Mittlerer Fehler je Gelenk (cm)</translation>
    </message>
    <message>
        <source>at cursor</source>
        <translation>am Cursor</translation>
    </message>
    <message>
        <source>At the cursor: no compared frame</source>
        <translation>Am Cursor: kein verglichener Frame</translation>
    </message>
    <message>
        <source>At the cursor (%1 s): MPJPE %2 cm, PA-MPJPE %3 cm</source>
        <translation>Am Cursor (%1 s): MPJPE %2 cm, PA-MPJPE %3 cm</translation>
    </message>
    <message>
        <source>Export comparison</source>
        <translation>Vergleich exportieren</translation>
    </message>
    <message>
        <source>There is nothing to compare: no predictions in this session.</source>
        <translation>Nichts zu vergleichen: Diese Sitzung enthält keine Vorhersagen.</translation>
    </message>
    <message>
        <source>Export the comparison into</source>
        <translation>Vergleich exportieren nach</translation>
    </message>
    <message>
        <source>gait phase</source>
        <translation>Gangphase</translation>
    </message>
</context>
<context>
    <name>insolepose::ConnectDialog</name>
    <message>
        <source>Connect insoles</source>
        <translation>Einlegesohlen verbinden</translation>
    </message>
    <message>
        <source>WiFi boards (TCP, the boards connect to this computer)</source>
        <translation>WLAN-Boards (TCP, die Boards verbinden sich mit diesem Computer)</translation>
    </message>
    <message>
        <source>UDP frames</source>
        <translation>UDP-Frames</translation>
    </message>
    <message>
        <source>Serial board</source>
        <translation>Serielles Board</translation>
    </message>
    <message>
        <source>Replay a session</source>
        <translation>Sitzung wiedergeben</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Start the simulator instead</source>
        <translation>Stattdessen den Simulator starten</translation>
    </message>
    <message>
        <source>Add a pair of insoles</source>
        <translation>Ein Paar Einlegesohlen hinzufügen</translation>
    </message>
    <message>
        <source>Live mode is running: this pair is added (one skeleton each).</source>
        <translation>Der Live-Modus läuft: Dieses Paar wird hinzugefügt (ein Skelett je Paar).</translation>
    </message>
    <message>
        <source>all network interfaces (boards on the WiFi)</source>
        <translation>alle Netzwerkschnittstellen (Boards im WLAN)</translation>
    </message>
    <message>
        <source>this computer only</source>
        <translation>nur dieser Computer</translation>
    </message>
    <message>
        <source>any sender</source>
        <translation>beliebiger Absender</translation>
    </message>
    <message>
        <source>left</source>
        <translation>links</translation>
    </message>
    <message>
        <source>right</source>
        <translation>rechts</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>small</source>
        <translation>klein</translation>
    </message>
    <message>
        <source>large</source>
        <translation>groß</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Empfangen auf</translation>
    </message>
    <message>
        <source>Accept frames from</source>
        <translation>Frames annehmen von</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Serielle Schnittstelle</translation>
    </message>
    <message>
        <source>Board&apos;s foot</source>
        <translation>Fuß des Boards</translation>
    </message>
    <message>
        <source>Session folder</source>
        <translation>Sitzungsordner</translation>
    </message>
    <message>
        <source>Insole size</source>
        <translation>Größe der Einlegesohle</translation>
    </message>
    <message>
        <source>Session to replay</source>
        <translation>Wiederzugebende Sitzung</translation>
    </message>
</context>
<context>
    <name>insolepose::ErrorLegend</name>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>20+ cm</source>
        <translation>20+ cm</translation>
    </message>
</context>
<context>
    <name>insolepose::GaitDock</name>
    <message>
        <source>stance</source>
        <translation>Standphase</translation>
    </message>
    <message>
        <source>swing</source>
        <translation>Schwungphase</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Gait</source>
        <translation>Ganganalyse</translation>
    </message>
    <message>
        <source> % of load range</source>
        <translation> % des Lastbereichs</translation>
    </message>
    <message>
        <source>Contact threshold:</source>
        <translation>Kontaktschwelle:</translation>
    </message>
    <message>
        <source>toes end</source>
        <translation>Ende der Zehen</translation>
    </message>
    <message>
        <source>forefoot ends</source>
        <translation>Ende des Vorfußes</translation>
    </message>
    <message>
        <source>midfoot ends</source>
        <translation>Ende des Mittelfußes</translation>
    </message>
    <message>
        <source>Region mask: %1 (fraction of the insole length from the toes)</source>
        <translation>Regionsmaske: %1 (Anteil der Länge der Einlegesohle ab den Zehen)</translation>
    </message>
    <message>
        <source>Regions (toes | forefoot | midfoot):</source>
        <translation>Regionen (Zehen | Vorfuß | Mittelfuß):</translation>
    </message>
    <message>
        <source>Chart:</source>
        <translation>Diagramm:</translation>
    </message>
    <message>
        <source>Save events</source>
        <translation>Ereignisse speichern</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Export gait analysis to</source>
        <translation>Ganganalyse exportieren nach</translation>
    </message>
    <message>
        <source>&amp;Gait</source>
        <translation>&amp;Ganganalyse</translation>
    </message>
    <message>
        <source>show gait events, steps and pressure charts</source>
        <translation>Gangereignisse, Schritte und Druckdiagramme anzeigen</translation>
    </message>
    <message>
        <source>Save gait &amp;events</source>
        <translation>Gang&amp;ereignisse speichern</translation>
    </message>
    <message>
        <source>store the detected gait events in the session (gait_events.json)</source>
        <translation>Die erkannten Gangereignisse in der Sitzung speichern (gait_events.json)</translation>
    </message>
    <message>
        <source>foot</source>
        <translation>Fuß</translation>
    </message>
    <message>
        <source>action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>heel strike (s)</source>
        <translation>Fersenkontakt (s)</translation>
    </message>
    <message>
        <source>toe off (s)</source>
        <translation>Zehenablösung (s)</translation>
    </message>
    <message>
        <source>stance (s)</source>
        <translation>Standphase (s)</translation>
    </message>
    <message>
        <source>swing (s)</source>
        <translation>Schwungphase (s)</translation>
    </message>
    <message>
        <source>double support (s)</source>
        <translation>Doppelstützphase (s)</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>vollständig</translation>
    </message>
    <message>
        <source>left</source>
        <translation>links</translation>
    </message>
    <message>
        <source>right</source>
        <translation>rechts</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>%1 heel strike</source>
        <translation>Fersenkontakt %1</translation>
    </message>
    <message>
        <source>%1 toe off</source>
        <translation>Zehenablösung %1</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>links</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>rechts</translation>
    </message>
    <message>
        <source>No session.</source>
        <translation>Keine Sitzung.</translation>
    </message>
    <message>
        <source>%1 steps (left %2, right %3, incomplete %4); cadence %5 steps/min</source>
        <translation>%1 Schritte (links %2, rechts %3, unvollständig %4); Kadenz %5 Schritte/min</translation>
    </message>
    <message>
        <source>%1 %2 cm (%3 frames)</source>
        <translation>%1 %2 cm (%3 Frames)</translation>
    </message>
    <message>
        <source>MPJPE of %1 by gait phase: %2</source>
        <translation>MPJPE von %1 nach Gangphase: %2</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <source>At the cursor: left %1, right %2</source>
        <translation>Am Cursor: links %1, rechts %2</translation>
    </message>
    <message>
        <source>Cannot save gait events</source>
        <translation>Gangereignisse können nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Cannot export the gait analysis</source>
        <translation>Ganganalyse kann nicht exportiert werden</translation>
    </message>
</context>
<context>
    <name>insolepose::HeatmapWidget</name>
    <message>
        <source>no data</source>
        <translation>keine Daten</translation>
    </message>
    <message>
        <source>pressure (normalised)</source>
        <translation>Druck (normiert)</translation>
    </message>
</context>
<context>
    <name>insolepose::LabelEditor</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>undo the last label edit</source>
        <translation>Letzte Label-Änderung rückgängig machen</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Undo &amp;history</source>
        <translation>Bearbeitungs&amp;verlauf</translation>
    </message>
    <message>
        <source>&amp;Previous label</source>
        <translation>V&amp;orheriges Label</translation>
    </message>
    <message>
        <source>previous label</source>
        <translation>Vorheriges Label</translation>
    </message>
    <message>
        <source>&amp;Split at cursor</source>
        <translation>Am Cursor &amp;teilen</translation>
    </message>
    <message>
        <source>split the selected segment at the cursor</source>
        <translation>Ausgewähltes Segment am Cursor teilen</translation>
    </message>
    <message>
        <source>&amp;Merge with next</source>
        <translation>Mit nächstem &amp;zusammenführen</translation>
    </message>
    <message>
        <source>merge the selected segment with the next</source>
        <translation>Ausgewähltes Segment mit dem nächsten zusammenführen</translation>
    </message>
    <message>
        <source>&amp;Delete segment</source>
        <translation>Segment &amp;löschen</translation>
    </message>
    <message>
        <source>delete the selected segment</source>
        <translation>Ausgewähltes Segment löschen</translation>
    </message>
    <message>
        <source>&amp;Rename segment…</source>
        <translation>Segment &amp;umbenennen…</translation>
    </message>
    <message>
        <source>choose the selected segment&apos;s label</source>
        <translation>Label des ausgewählten Segments wählen</translation>
    </message>
    <message>
        <source>Start one frame earlier</source>
        <translation>Beginn einen Frame früher</translation>
    </message>
    <message>
        <source>selected segment&apos;s start one frame earlier</source>
        <translation>Beginn des ausgewählten Segments einen Frame früher</translation>
    </message>
    <message>
        <source>Start one frame later</source>
        <translation>Beginn einen Frame später</translation>
    </message>
    <message>
        <source>selected segment&apos;s start one frame later</source>
        <translation>Beginn des ausgewählten Segments einen Frame später</translation>
    </message>
    <message>
        <source>End one frame earlier</source>
        <translation>Ende einen Frame früher</translation>
    </message>
    <message>
        <source>selected segment&apos;s end one frame earlier</source>
        <translation>Ende des ausgewählten Segments einen Frame früher</translation>
    </message>
    <message>
        <source>End one frame later</source>
        <translation>Ende einen Frame später</translation>
    </message>
    <message>
        <source>selected segment&apos;s end one frame later</source>
        <translation>Ende des ausgewählten Segments einen Frame später</translation>
    </message>
    <message>
        <source>&amp;Loop selected segment</source>
        <translation>Ausgewähltes Segment als &amp;Schleife</translation>
    </message>
    <message>
        <source>loop the selected segment</source>
        <translation>Ausgewähltes Segment in Schleife abspielen</translation>
    </message>
    <message>
        <source>Cancel labelling</source>
        <translation>Labeln abbrechen</translation>
    </message>
    <message>
        <source>cancel the segment a label key started</source>
        <translation>Das mit einer Label-Taste begonnene Segment verwerfen</translation>
    </message>
    <message>
        <source>&amp;Add track…</source>
        <translation>Spur &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Add track</source>
        <translation>Spur hinzufügen</translation>
    </message>
    <message>
        <source>Track (annotator) name:</source>
        <translation>Name der Spur (Annotator):</translation>
    </message>
    <message>
        <source>annotator %1</source>
        <translation>Annotator %1</translation>
    </message>
    <message>
        <source>Re&amp;name track…</source>
        <translation>Spur umbe&amp;nennen…</translation>
    </message>
    <message>
        <source>Rename track</source>
        <translation>Spur umbenennen</translation>
    </message>
    <message>
        <source>Track name:</source>
        <translation>Name der Spur:</translation>
    </message>
    <message>
        <source>&amp;Hide track</source>
        <translation>Spur &amp;ausblenden</translation>
    </message>
    <message>
        <source>Show all &amp;tracks</source>
        <translation>Alle Spuren ein&amp;blenden</translation>
    </message>
    <message>
        <source>Lock / unlock track</source>
        <translation>Spur sperren / entsperren</translation>
    </message>
    <message>
        <source>Delete track</source>
        <translation>Spur löschen</translation>
    </message>
    <message>
        <source>&amp;Vocabulary and hotkeys…</source>
        <translation>&amp;Vokabular und Tasten…</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Import labels…</source>
        <translation>Labels &amp;importieren…</translation>
    </message>
    <message>
        <source>E&amp;xport labels…</source>
        <translation>Labels e&amp;xportieren…</translation>
    </message>
    <message>
        <source>&amp;Propose labels from model</source>
        <translation>Labels vom &amp;Modell vorschlagen</translation>
    </message>
    <message>
        <source>A&amp;greement between tracks…</source>
        <translation>Übe&amp;reinstimmung zwischen Spuren…</translation>
    </message>
    <message>
        <source>Undo history</source>
        <translation>Bearbeitungsverlauf</translation>
    </message>
    <message>
        <source>(labels as opened)</source>
        <translation>(Labels beim Öffnen)</translation>
    </message>
    <message>
        <source>Rename segment</source>
        <translation>Segment umbenennen</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Label:</translation>
    </message>
    <message>
        <source>Vocabulary and hotkeys of %1</source>
        <translation>Vokabular und Tasten von %1</translation>
    </message>
    <message>
        <source>label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>hotkey</source>
        <translation>Taste</translation>
    </message>
    <message>
        <source>colour (#rrggbb)</source>
        <translation>Farbe (#rrggbb)</translation>
    </message>
    <message>
        <source>Add label</source>
        <translation>Label hinzufügen</translation>
    </message>
    <message>
        <source>Remove label</source>
        <translation>Label entfernen</translation>
    </message>
    <message>
        <source>new label</source>
        <translation>neues Label</translation>
    </message>
    <message>
        <source>Label settings</source>
        <translation>Label-Einstellungen</translation>
    </message>
    <message>
        <source>Reaction-time compensation (s): a label key marks the cursor minus this time</source>
        <translation>Reaktionszeitausgleich (s): Eine Label-Taste markiert den Cursor minus diese Zeit</translation>
    </message>
    <message>
        <source>Labels (*.csv *.json *.eaf)</source>
        <translation>Labels (*.csv *.json *.eaf)</translation>
    </message>
    <message>
        <source>Import labels</source>
        <translation>Labels importieren</translation>
    </message>
    <message>
        <source>Export labels</source>
        <translation>Labels exportieren</translation>
    </message>
    <message>
        <source>Cannot propose labels</source>
        <translation>Labels können nicht vorgeschlagen werden</translation>
    </message>
    <message>
        <source>Track %1: segments %2 and %3 overlap (fix them by hand)</source>
        <translation>Spur %1: Segmente %2 und %3 überlappen (bitte von Hand korrigieren)</translation>
    </message>
    <message>
        <source>Cannot save labels</source>
        <translation>Labels können nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Labels changed on disk</source>
        <translation>Labels auf dem Datenträger geändert</translation>
    </message>
    <message>
        <source>%1

Overwrite it with the labels shown here, or reload it from disk? (Reloading can be undone with Edit &gt; Undo.)</source>
        <translation>%1

Mit den hier angezeigten Labels überschreiben oder vom Datenträger neu laden? (Neu laden lässt sich mit Bearbeiten &gt; Rückgängig zurücknehmen.)</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>Überschreiben</translation>
    </message>
    <message>
        <source>Reload from disk</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Reload labels from disk</source>
        <translation>Labels vom Datenträger neu laden</translation>
    </message>
    <message>
        <source>%1 (model)</source>
        <translation>%1 (Modell)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>no such track</source>
        <translation>Spur existiert nicht</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>%1 hinzufügen</translation>
    </message>
    <message>
        <source>Move or resize segment</source>
        <translation>Segment verschieben oder Größe ändern</translation>
    </message>
    <message>
        <source>Delete segment</source>
        <translation>Segment löschen</translation>
    </message>
    <message>
        <source>Split segment</source>
        <translation>Segment teilen</translation>
    </message>
    <message>
        <source>Merge segments</source>
        <translation>Segmente zusammenführen</translation>
    </message>
    <message>
        <source>Rename to %1</source>
        <translation>Umbenennen in %1</translation>
    </message>
    <message>
        <source>the segment would be shorter than 10 ms</source>
        <translation>das Segment wäre kürzer als 10 ms</translation>
    </message>
    <message>
        <source>Labelling %1: press its key again to end it</source>
        <translation>Label %1 läuft: zum Beenden die Taste erneut drücken</translation>
    </message>
    <message>
        <source>Add track %1</source>
        <translation>Spur %1 hinzufügen</translation>
    </message>
    <message>
        <source>Rename track to %1</source>
        <translation>Spur umbenennen in %1</translation>
    </message>
    <message>
        <source>Hide track</source>
        <translation>Spur ausblenden</translation>
    </message>
    <message>
        <source>Show track</source>
        <translation>Spur einblenden</translation>
    </message>
    <message>
        <source>Lock track</source>
        <translation>Spur sperren</translation>
    </message>
    <message>
        <source>Unlock track</source>
        <translation>Spur entsperren</translation>
    </message>
    <message>
        <source>a session keeps at least one track</source>
        <translation>eine Sitzung behält mindestens eine Spur</translation>
    </message>
    <message>
        <source>Delete track %1</source>
        <translation>Spur %1 löschen</translation>
    </message>
    <message>
        <source>Edit vocabulary</source>
        <translation>Vokabular bearbeiten</translation>
    </message>
    <message>
        <source>Proposing labels with %1…</source>
        <translation>Labels werden mit %1 vorgeschlagen…</translation>
    </message>
    <message>
        <source>Propose %1</source>
        <translation>%1 vorschlagen</translation>
    </message>
    <message>
        <source>Proposed track %1: accept, edit or delete its segments</source>
        <translation>Vorgeschlagene Spur %1: Segmente übernehmen, bearbeiten oder löschen</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>%1 importieren</translation>
    </message>
    <message>
        <source>Cannot import labels</source>
        <translation>Labels können nicht importiert werden</translation>
    </message>
    <message>
        <source>Exported the labels to %1</source>
        <translation>Labels nach %1 exportiert</translation>
    </message>
    <message>
        <source>Cannot export labels</source>
        <translation>Labels können nicht exportiert werden</translation>
    </message>
    <message>
        <source>ELAN (*.eaf)</source>
        <translation>ELAN (*.eaf)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Label keys (track %1):</source>
        <translation>Label-Tasten (Spur %1):</translation>
    </message>
    <message>
        <source>%1: start or end “%2”</source>
        <translation>%1: „%2“ beginnen oder beenden</translation>
    </message>
</context>
<context>
    <name>insolepose::LiveController</name>
    <message>
        <source>Cannot connect</source>
        <translation>Verbindung nicht möglich</translation>
    </message>
    <message>
        <source>live: %1</source>
        <translation>live: %1</translation>
    </message>
    <message>
        <source>Simulator</source>
        <translation>Simulator</translation>
    </message>
    <message>
        <source>no free TCP port on 127.0.0.1</source>
        <translation>kein freier TCP-Port auf 127.0.0.1</translation>
    </message>
    <message>
        <source>the insolepose command line tool was not found next to the studio or on PATH</source>
        <translation>das Kommandozeilenwerkzeug insolepose wurde weder neben dem Studio noch im PATH gefunden</translation>
    </message>
    <message>
        <source>Simulator: %1</source>
        <translation>Simulator: %1</translation>
    </message>
    <message>
        <source>Simulator streaming %1 to port %2 at %3 Hz</source>
        <translation>Simulator sendet %1 an Port %2 mit %3 Hz</translation>
    </message>
    <message>
        <source>synthetic motion</source>
        <translation>synthetische Bewegung</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>Connect insoles first.</source>
        <translation>Verbinden Sie zuerst die Einlegesohlen.</translation>
    </message>
    <message>
        <source>Cannot connect camera</source>
        <translation>Kamera kann nicht verbunden werden</translation>
    </message>
    <message>
        <source>lost %1/%2, dropped %3</source>
        <translation>verloren %1/%2, verworfen %3</translation>
    </message>
    <message>
        <source>● REC %1  L %2 R %3</source>
        <translation>● REC %1  L %2 R %3</translation>
    </message>
    <message>
        <source>Connect insoles first (the camera joins the live session).</source>
        <translation>Verbinden Sie zuerst die Einlegesohlen (die Kamera wird Teil der Live-Sitzung).</translation>
    </message>
    <message>
        <source>Connect camera</source>
        <translation>Kamera verbinden</translation>
    </message>
    <message>
        <source>Device index (0, 1, ...), a video file or a stream URL:</source>
        <translation>Geräteindex (0, 1, ...), Videodatei oder Stream-URL:</translation>
    </message>
    <message>
        <source>Calibrate</source>
        <translation>Kalibrieren</translation>
    </message>
    <message>
        <source>Calibrating: keep the insoles unloaded for 2 s</source>
        <translation>Kalibrierung: Einlegesohlen 2 s lang unbelastet lassen</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Aufnahme</translation>
    </message>
    <message>
        <source>Connect insoles first (Live &gt; Connect insoles or Start simulator).</source>
        <translation>Verbinden Sie zuerst die Einlegesohlen (Live &gt; Einlegesohlen verbinden oder Simulator starten).</translation>
    </message>
    <message>
        <source>Already recording to %1.</source>
        <translation>Es wird bereits nach %1 aufgenommen.</translation>
    </message>
    <message>
        <source>Cannot record</source>
        <translation>Aufnahme nicht möglich</translation>
    </message>
    <message>
        <source>Recording to %1</source>
        <translation>Aufnahme nach %1</translation>
    </message>
    <message>
        <source>pair %1: %2</source>
        <translation>Paar %1: %2</translation>
    </message>
    <message>
        <source>Pair %1 connected: %2</source>
        <translation>Paar %1 verbunden: %2</translation>
    </message>
    <message>
        <source>The live model could not be loaded (%1).</source>
        <translation>Das Live-Modell konnte nicht geladen werden (%1).</translation>
    </message>
    <message>
        <source>No causal live model (lite-live.pt) found: using the review model.</source>
        <translation>Kein kausales Live-Modell (lite-live.pt) gefunden: Das Sichtungsmodell wird verwendet.</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Trennen</translation>
    </message>
    <message>
        <source>Recording to %1. Disconnecting stops the recording (what was recorded is kept). Disconnect?</source>
        <translation>Aufnahme nach %1 läuft. Das Trennen beendet die Aufnahme (das bisher Aufgenommene bleibt erhalten). Trennen?</translation>
    </message>
    <message>
        <source> and stops the recording to %1 (what was recorded is kept)</source>
        <translation> und die Aufnahme nach %1 (das bisher Aufgenommene bleibt erhalten)</translation>
    </message>
    <message>
        <source>%1 ends live mode (%2)%3. Go on?</source>
        <translation>%1: Dies beendet den Live-Modus (%2)%3. Fortfahren?</translation>
    </message>
    <message>
        <source>%1 %2 Hz </source>
        <translation>%1 %2 Hz </translation>
    </message>
    <message>
        <source>, %1 pairs</source>
        <translation>, %1 Paare</translation>
    </message>
</context>
<context>
    <name>insolepose::PredictionController</name>
    <message>
        <source>Predict session</source>
        <translation>Sitzung vorhersagen</translation>
    </message>
    <message>
        <source>This session already holds predictions named &apos;%1&apos;.</source>
        <translation>Diese Sitzung enthält bereits Vorhersagen namens „%1“.</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>Überschreiben</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>Beide behalten</translation>
    </message>
    <message>
        <source>Cannot load model</source>
        <translation>Modell kann nicht geladen werden</translation>
    </message>
    <message>
        <source>Model %1 (%2)</source>
        <translation>Modell %1 (%2)</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <source>Models (*.pt)</source>
        <translation>Modelle (*.pt)</translation>
    </message>
    <message>
        <source>Open a session first.</source>
        <translation>Öffnen Sie zuerst eine Sitzung.</translation>
    </message>
    <message>
        <source>A prediction is already running.</source>
        <translation>Es läuft bereits eine Vorhersage.</translation>
    </message>
    <message>
        <source>Choose a model first (File &gt; Choose model).</source>
        <translation>Wählen Sie zuerst ein Modell (Datei &gt; Modell wählen).</translation>
    </message>
    <message>
        <source>Predict session cancelled; &apos;%1&apos; kept as it was</source>
        <translation>Vorhersage abgebrochen; „%1“ bleibt unverändert</translation>
    </message>
    <message>
        <source>Predicting %1 with %2…</source>
        <translation>Vorhersage für %1 mit %2…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Predict session failed</source>
        <translation>Vorhersage fehlgeschlagen</translation>
    </message>
    <message>
        <source>Prediction cancelled; nothing was written</source>
        <translation>Vorhersage abgebrochen; nichts wurde geschrieben</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Stored %1 predictions as &apos;%2&apos;</source>
        <translation>%1 Vorhersagen als „%2“ gespeichert</translation>
    </message>
</context>
<context>
    <name>insolepose::RecordDialog</name>
    <message>
        <source>Record session</source>
        <translation>Sitzung aufnehmen</translation>
    </message>
    <message>
        <source>Session folder</source>
        <translation>Sitzungsordner</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Proband</translation>
    </message>
    <message>
        <source>Insole size</source>
        <translation>Größe der Einlegesohle</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>small</source>
        <translation>klein</translation>
    </message>
    <message>
        <source>large</source>
        <translation>groß</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Folder to record into</source>
        <translation>Ordner für die Aufnahme</translation>
    </message>
</context>
<context>
    <name>insolepose::ReviewController</name>
    <message>
        <source>no folder given</source>
        <translation>kein Ordner angegeben</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Cannot open session</source>
        <translation>Sitzung kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Opened %1 with %2 warning(s): %3</source>
        <translation>%1 geöffnet, %2 Warnung(en): %3</translation>
    </message>
    <message>
        <source>review</source>
        <translation>Sichtung</translation>
    </message>
    <message>
        <source>Prediction (none in this session: File &gt; Predict session)</source>
        <translation>Vorhersage (keine in dieser Sitzung: Datei &gt; Sitzung vorhersagen)</translation>
    </message>
    <message>
        <source>Prediction (%1)</source>
        <translation>Vorhersage (%1)</translation>
    </message>
    <message>
        <source>%1 load</source>
        <translation>Last %1</translation>
    </message>
    <message>
        <source>left</source>
        <translation>links</translation>
    </message>
    <message>
        <source>right</source>
        <translation>rechts</translation>
    </message>
    <message>
        <source>a.u.</source>
        <translation>a.u.</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>cm</source>
        <translation>cm</translation>
    </message>
    <message>
        <source>load %1  contact %2 taxels</source>
        <translation>Last %1  Kontakt %2 Taxel</translation>
    </message>
    <message>
        <source>  MPJPE %1 cm</source>
        <translation>  MPJPE %1 cm</translation>
    </message>
    <message>
        <source>%1 / %2 s  %3%4</source>
        <translation>%1 / %2 s  %3%4</translation>
    </message>
    <message>
        <source>left insole</source>
        <translation>linke Einlegesohle</translation>
    </message>
    <message>
        <source>right insole</source>
        <translation>rechte Einlegesohle</translation>
    </message>
    <message>
        <source>ground truth</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>Referenz</translation>
    </message>
</context>
<context>
    <name>insolepose::SettingsDialog</name>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>A new language applies the next time the studio starts.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start des Studios.</translation>
    </message>
</context>
<context>
    <name>insolepose::StudioWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Open session…</source>
        <translation>Sitzung ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>open a session folder</source>
        <translation>Einen Sitzungsordner öffnen</translation>
    </message>
    <message>
        <source>Choose &amp;model…</source>
        <translation>&amp;Modell wählen…</translation>
    </message>
    <message>
        <source>&amp;Predict session</source>
        <translation>Sitzung &amp;vorhersagen</translation>
    </message>
    <message>
        <source>predict session</source>
        <translation>Die Sitzung mit dem Modell vorhersagen</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>|◀ Start</source>
        <translation>|◀ Anfang</translation>
    </message>
    <message>
        <source>start</source>
        <translation>Zum Anfang</translation>
    </message>
    <message>
        <source>◀◀ 1 s</source>
        <translation>◀◀ 1 s</translation>
    </message>
    <message>
        <source>one second back</source>
        <translation>Eine Sekunde zurück</translation>
    </message>
    <message>
        <source>◀ Step</source>
        <translation>◀ Schritt</translation>
    </message>
    <message>
        <source>one frame of the chosen stream back</source>
        <translation>Einen Frame des gewählten Datenstroms zurück</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <source>play / pause</source>
        <translation>Abspielen / Pause</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>Schritt ▶</translation>
    </message>
    <message>
        <source>one frame of the chosen stream forward</source>
        <translation>Einen Frame des gewählten Datenstroms vor</translation>
    </message>
    <message>
        <source>1 s ▶▶</source>
        <translation>1 s ▶▶</translation>
    </message>
    <message>
        <source>one second forward</source>
        <translation>Eine Sekunde vor</translation>
    </message>
    <message>
        <source>Next label ▶|</source>
        <translation>Nächstes Label ▶|</translation>
    </message>
    <message>
        <source>next label</source>
        <translation>Nächstes Label</translation>
    </message>
    <message>
        <source>End ▶|</source>
        <translation>Ende ▶|</translation>
    </message>
    <message>
        <source>end</source>
        <translation>Zum Ende</translation>
    </message>
    <message>
        <source>Slower (J)</source>
        <translation>Langsamer (J)</translation>
    </message>
    <message>
        <source>slower</source>
        <translation>Langsamer</translation>
    </message>
    <message>
        <source>Pause (K)</source>
        <translation>Pause (K)</translation>
    </message>
    <message>
        <source>pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Play / faster (L)</source>
        <translation>Abspielen / schneller (L)</translation>
    </message>
    <message>
        <source>play (again: faster)</source>
        <translation>Abspielen (erneut: schneller)</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>Schleife</translation>
    </message>
    <message>
        <source>loop the label under the cursor (or the visible range)</source>
        <translation>Label unter dem Cursor (oder sichtbaren Bereich) in Schleife abspielen</translation>
    </message>
    <message>
        <source>Camera: default</source>
        <translation>Kamera: Standard</translation>
    </message>
    <message>
        <source>Camera: front</source>
        <translation>Kamera: vorne</translation>
    </message>
    <message>
        <source>Camera: side</source>
        <translation>Kamera: seitlich</translation>
    </message>
    <message>
        <source>Camera: top</source>
        <translation>Kamera: oben</translation>
    </message>
    <message>
        <source>&amp;Overlay prediction on ground truth</source>
        <translation>Vorhersage über Referenz &amp;legen</translation>
    </message>
    <message>
        <source>overlay the prediction on the ground truth</source>
        <translation>Vorhersage über die Referenz legen</translation>
    </message>
    <message>
        <source>Colour joints by &amp;error</source>
        <translation>Gelenke nach &amp;Fehler färben</translation>
    </message>
    <message>
        <source>colour joints by error</source>
        <translation>Gelenke nach Fehler färben</translation>
    </message>
    <message>
        <source>Smooth (interpolated) pressure</source>
        <translation>Geglätteter (interpolierter) Druck</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>Layout &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Connect insoles…</source>
        <translation>Einlegesohlen &amp;verbinden…</translation>
    </message>
    <message>
        <source>Start &amp;simulator and connect</source>
        <translation>&amp;Simulator starten und verbinden</translation>
    </message>
    <message>
        <source>Connect c&amp;amera…</source>
        <translation>Ka&amp;mera verbinden…</translation>
    </message>
    <message>
        <source>C&amp;alibrate (step off the insoles, 2 s)</source>
        <translation>&amp;Kalibrieren (Einlegesohlen entlasten, 2 s)</translation>
    </message>
    <message>
        <source>&amp;Record…</source>
        <translation>&amp;Aufnehmen…</translation>
    </message>
    <message>
        <source>record</source>
        <translation>Aufnehmen</translation>
    </message>
    <message>
        <source>S&amp;top recording</source>
        <translation>Aufnahme &amp;beenden</translation>
    </message>
    <message>
        <source>Recorded %1</source>
        <translation>%1 aufgenommen</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>The new language applies when the studio starts again</source>
        <translation>Die neue Sprache gilt nach einem Neustart des Studios</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;Über</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>Wiedergabesteuerung</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <source>&amp;Labels</source>
        <translation>&amp;Labels</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source> Speed </source>
        <translation> Tempo </translation>
    </message>
    <message>
        <source> Step along </source>
        <translation> Schritt je </translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>A&amp;nsicht</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>&amp;Analyse</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>L&amp;ive</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>InsolePose Studio</source>
        <translation>InsolePose Studio</translation>
    </message>
    <message>
        <source>Open a session folder with File &gt; Open, drop one here, or connect insoles (Live)</source>
        <translation>Öffnen Sie einen Sitzungsordner (Datei &gt; Sitzung öffnen), ziehen Sie ihn hierher oder verbinden Sie Einlegesohlen (Live)</translation>
    </message>
    <message>
        <source>Live: %1</source>
        <translation>Live: %1</translation>
    </message>
    <message>
        <source>InsolePose Studio — %1</source>
        <translation>InsolePose Studio — %1</translation>
    </message>
    <message>
        <source>playback %1 fps at %2x</source>
        <translation>Wiedergabe %1 fps bei %2x</translation>
    </message>
    <message>
        <source>Open session folder</source>
        <translation>Sitzungsordner öffnen</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>S&amp;ynchronise streams…</source>
        <translation>Datenströme s&amp;ynchronisieren…</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <source>user guide</source>
        <translation>Benutzerhandbuch</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>Benutzerhandbuch</translation>
    </message>
    <message>
        <source>The user guide was not found; looked for %1</source>
        <translation>Das Benutzerhandbuch wurde nicht gefunden; gesucht wurde %1</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>No program could open the user guide %1</source>
        <translation>Kein Programm konnte das Benutzerhandbuch %1 öffnen</translation>
    </message>
</context>
<context>
    <name>insolepose::SyncDialog</name>
    <message>
        <source>Synchronise streams</source>
        <translation>Datenströme synchronisieren</translation>
    </message>
    <message>
        <source>Ground-truth keypoints</source>
        <translation>Referenz-Gelenkpunkte</translation>
    </message>
    <message>
        <source>Right insole</source>
        <translation>Rechte Einlegesohle</translation>
    </message>
    <message>
        <source>Camera %1</source>
        <translation>Kamera %1</translation>
    </message>
    <message>
        <source>Open a session first.</source>
        <translation>Öffnen Sie zuerst eine Sitzung.</translation>
    </message>
    <message>
        <source>−1 frame</source>
        <translation>−1 Frame</translation>
    </message>
    <message>
        <source>+1 frame</source>
        <translation>+1 Frame</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Cannot save the offsets: %1</source>
        <translation>Versätze können nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Offset added to each stream&apos;s timestamps (ms). Changes show at once and are saved with OK; the buttons move by one tactile frame.</source>
        <translation>Versatz, der zu den Zeitstempeln jedes Datenstroms addiert wird (ms). Änderungen werden sofort angezeigt und mit OK gespeichert; die Schaltflächen verschieben um einen taktilen Frame.</translation>
    </message>
    <message>
        <source>&amp;Estimate offsets from the pressure</source>
        <translation>Versätze aus dem Druck &amp;schätzen</translation>
    </message>
    <message>
        <source>Ground truth from the feet&apos;s motion; the right insole and cameras from a jump or stomp (docs/IMPORT.md)</source>
        <translation>Referenz aus der Bewegung der Füße; rechte Einlegesohle und Kameras aus einem Sprung oder Aufstampfen (docs/IMPORT.md)</translation>
    </message>
    <message>
        <source>Not saved yet: OK writes the offsets to session.json.</source>
        <translation>Noch nicht gespeichert: OK schreibt die Versätze in session.json.</translation>
    </message>
    <message>
        <source>%1: moved by %2 ms (correlation %3)</source>
        <translation>%1: um %2 ms verschoben (Korrelation %3)</translation>
    </message>
    <message>
        <source>%1: no estimate (%2)</source>
        <translation>%1: keine Schätzung (%2)</translation>
    </message>
</context>
<context>
    <name>insolepose::TimelineWidget</name>
    <message>
        <source>%1 (locked)</source>
        <translation>%1 (gesperrt)</translation>
    </message>
</context>
<context>
    <name>insolepose::VideoDecoder</name>
    <message>
        <source>cannot decode frame %1 of %2</source>
        <translation>Frame %1 von %2 kann nicht dekodiert werden</translation>
    </message>
</context>
<context>
    <name>insolepose::VideoPanel</name>
    <message>
        <source>no camera in this session</source>
        <translation>keine Kamera in dieser Sitzung</translation>
    </message>
    <message>
        <source>no frame at this time (the camera runs %1 s .. %2 s)</source>
        <translation>kein Frame zu dieser Zeit (die Kamera läuft von %1 s bis %2 s)</translation>
    </message>
    <message>
        <source>Show skeleton on video</source>
        <translation>Skelett im Video anzeigen</translation>
    </message>
</context>
</TS>
