<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>LiveDisplay</name>
    <message>
        <source>waiting for frames</source>
        <translation>프레임 대기 중</translation>
    </message>
    <message>
        <source>live: no camera (Live &gt; Connect camera…)</source>
        <translation>라이브: 카메라 없음 (라이브 &gt; 카메라 연결…)</translation>
    </message>
    <message>
        <source>live %1</source>
        <translation>라이브 %1</translation>
    </message>
    <message>
        <source>Live: connecting to %1…</source>
        <translation>라이브: %1에 연결 중…</translation>
    </message>
    <message>
        <source>no session</source>
        <translation>세션 없음</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>예측</translation>
    </message>
    <message>
        <source>live camera  %1 fps</source>
        <translation>라이브 카메라  %1 fps</translation>
    </message>
    <message>
        <source>load %1  contact %2 taxels%3</source>
        <translation>하중 %1  접촉 %2 택셀%3</translation>
    </message>
    <message>
        <source>  (calibrating)</source>
        <translation>  (보정 중)</translation>
    </message>
    <message>
        <source>  ● REC</source>
        <translation>  ● 녹화</translation>
    </message>
    <message>
        <source>live %1%2</source>
        <translation>라이브 %1%2</translation>
    </message>
    <message>
        <source>pose of the newest frame (0 frames behind)</source>
        <translation>최신 프레임의 자세 (0 프레임 지연)</translation>
    </message>
    <message>
        <source>pose 1 frame (%1 s) behind the newest</source>
        <translation>최신보다 1 프레임 (%1 s) 늦은 자세</translation>
    </message>
    <message>
        <source>pose %1 frames (%2 s) behind the newest</source>
        <translation>최신보다 %1 프레임 (%2 s) 늦은 자세</translation>
    </message>
    <message>
        <source>latency –</source>
        <translation>지연 –</translation>
    </message>
    <message>
        <source>median of last %1 poses: arrival to screen %2 ms, model %3 ms</source>
        <translation>최근 자세 %1개의 중앙값: 도착→화면 %2 ms, 모델 %3 ms</translation>
    </message>
    <message>
        <source>Pair %1: </source>
        <translation>%1번 쌍: </translation>
    </message>
    <message>
        <source>%1%2 (%3), dropped (queue full) %4</source>
        <translation>%1%2 (%3), 폐기 (큐 가득 참) %4</translation>
    </message>
    <message>
        <source>   %1 insole: %2, %3 Hz, %4 frames, %5 lost, jitter %6 ms</source>
        <translation>   %1 인솔: %2, %3 Hz, %4 프레임, 손실 %5, 지터 %6 ms</translation>
    </message>
    <message>
        <source>left</source>
        <translation>왼쪽</translation>
    </message>
    <message>
        <source>right</source>
        <translation>오른쪽</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>연결됨</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>   recording to %1: L %2, R %3 frames</source>
        <translation>   %1에 녹화 중: L %2, R %3 프레임</translation>
    </message>
    <message>
        <source>   camera: %1 fps, %2 frames, %3 dropped</source>
        <translation>   카메라: %1 fps, %2 프레임, 폐기 %3</translation>
    </message>
    <message>
        <source>   camera: none (Live &gt; Connect camera…)</source>
        <translation>   카메라: 없음 (라이브 &gt; 카메라 연결…)</translation>
    </message>
    <message>
        <source>Model: %1, %2</source>
        <translation>모델: %1, %2</translation>
    </message>
    <message>
        <source>Model: none (File &gt; Choose model)</source>
        <translation>모델: 없음 (파일 &gt; 모델 선택)</translation>
    </message>
    <message>
        <source>Poses shown: %1</source>
        <translation>표시한 자세: %1</translation>
    </message>
    <message>
        <source>Live: no model (File &gt; Choose model)</source>
        <translation>라이브: 모델 없음 (파일 &gt; 모델 선택)</translation>
    </message>
    <message>
        <source>Live: %1, %2</source>
        <translation>라이브: %1, %2</translation>
    </message>
    <message>
        <source>%1 pairs; </source>
        <translation>%1쌍; </translation>
    </message>
    <message>
        <source>waiting for %1 frames per foot</source>
        <translation>발마다 %1 프레임 대기 중</translation>
    </message>
    <message>
        <source>last pose: arrival to screen %1 ms, model %2 ms</source>
        <translation>마지막 자세: 도착→화면 %1 ms, 모델 %2 ms</translation>
    </message>
    <message>
        <source>left load</source>
        <translation>왼발 하중</translation>
    </message>
    <message>
        <source>right load</source>
        <translation>오른발 하중</translation>
    </message>
    <message>
        <source>a.u.</source>
        <translation>a.u.</translation>
    </message>
    <message>
        <source>Precision: %1</source>
        <translation>정밀도: %1</translation>
    </message>
    <message>
        <source>Pressure of pair:</source>
        <translation>압력 표시 쌍:</translation>
    </message>
    <message>
        <source>Whose pressure maps, centre-of-pressure trail and load history are shown</source>
        <translation>압력 지도, 압력 중심 궤적과 하중 기록을 표시할 쌍</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>pair 2 stands %1 m at pair 1&apos;s right hand</source>
        <translation>쌍 2는 쌍 1의 오른쪽 %1 m에 서 있습니다</translation>
    </message>
    <message>
        <source>pairs 1 to %1 stand in a row %2 m apart, each at the right hand of the one before</source>
        <translation>쌍 1부터 %1까지 %2 m 간격으로 한 줄에 서 있으며, 각 쌍은 앞 쌍의 오른쪽에 있습니다</translation>
    </message>
    <message>
        <source>pair %1 %2</source>
        <translation>쌍 %1 %2</translation>
    </message>
</context>
<context>
    <name>StudioPanels</name>
    <message>
        <source>Ground truth</source>
        <translation>실측값</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>예측</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>비디오</translation>
    </message>
    <message>
        <source>Left foot</source>
        <translation>왼발</translation>
    </message>
    <message>
        <source>Right foot</source>
        <translation>오른발</translation>
    </message>
    <message>
        <source>Pressure</source>
        <translation>압력</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>타임라인</translation>
    </message>
    <message>
        <source>no session</source>
        <translation>세션 없음</translation>
    </message>
    <message>
        <source>review</source>
        <translation>검토</translation>
    </message>
    <message>
        <source>Live load history</source>
        <translation>라이브 하중 기록</translation>
    </message>
</context>
<context>
    <name>insolepose::AboutDialog</name>
    <message>
        <source>&lt;h2&gt;InsolePose Studio %1&lt;/h2&gt;&lt;p&gt;3D human pose from smart-insole foot pressure: record, label, train, evaluate and compare.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;InsolePose Studio %1&lt;/h2&gt;&lt;p&gt;스마트 인솔 족저압으로 추정하는 3D 인체 자세: 녹화, 레이블링, 학습, 평가, 비교.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Built with:&lt;/p&gt;</source>
        <translation>&lt;p&gt;사용한 구성 요소:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>라이브러리</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>라이선스</translation>
    </message>
    <message>
        <source>&lt;p&gt;Running on Qt %1. The full licence texts are in /usr/share/doc/&amp;lt;package&amp;gt;/copyright of each Debian package.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Qt %1에서 실행 중입니다. 라이선스 전문은 각 데비안 패키지의 /usr/share/doc/&amp;lt;package&amp;gt;/copyright에 있습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About InsolePose Studio</source>
        <translation>InsolePose Studio 정보</translation>
    </message>
</context>
<context>
    <name>insolepose::AgreementDialog</name>
    <message>
        <source>Label agreement</source>
        <translation>레이블 일치도</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>label</source>
        <translation>레이블</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>정밀도</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>재현율</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>frames (reference)</source>
        <translation>프레임 (기준)</translation>
    </message>
    <message>
        <source>frames (other)</source>
        <translation>프레임 (비교)</translation>
    </message>
    <message>
        <source>Reference track (A):</source>
        <translation>기준 트랙 (A):</translation>
    </message>
    <message>
        <source>Other track (B):</source>
        <translation>비교 트랙 (B):</translation>
    </message>
    <message>
        <source>Boundary tolerance:</source>
        <translation>경계 허용 오차:</translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation>CSV 저장…</translation>
    </message>
    <message>
        <source>Save agreement</source>
        <translation>일치도 저장</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>비교할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Cohen&apos;s kappa %1 over %2 frames (observed agreement %3, chance %4). Segments: %5 matched, %6 missed, %7 extra (F1 %8).</source>
        <translation>코헨 카파 %1, %2 프레임 기준 (관측 일치도 %3, 우연 일치도 %4). 구간: 일치 %5, 누락 %6, 초과 %7 (F1 %8).</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>insolepose::ComparisonDock</name>
    <message>
        <source>Comparison</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Prediction:</source>
        <translation>예측:</translation>
    </message>
    <message>
        <source>Against:</source>
        <translation>비교 대상:</translation>
    </message>
    <message>
        <source>Worst frames (click to go there):</source>
        <translation>오차가 가장 큰 프레임 (클릭하면 이동):</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>&amp;Comparison</source>
        <translation>비교(&amp;C)</translation>
    </message>
    <message>
        <source>show the comparison of ground truth and predictions</source>
        <translation>실측값과 예측의 비교 표시</translation>
    </message>
    <message>
        <source>&amp;Export comparison…</source>
        <translation>비교 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>write the comparison as CSV, PNG charts and a one-page PDF</source>
        <translation>비교 결과를 CSV, PNG 차트, 한 쪽 PDF로 저장</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>%1 vs %2</source>
        <translation>%1 vs %2</translation>
    </message>
    <message>
        <source>cm</source>
        <translation>cm</translation>
    </message>
    <message>
        <source>No predictions to compare (File &gt; Predict session).</source>
        <translation>비교할 예측이 없습니다 (파일 &gt; 세션 예측).</translation>
    </message>
    <message>
        <source>Loop range %1–%2 s: %3 frames</source>
        <translation>반복 구간 %1–%2 s: %3 프레임</translation>
    </message>
    <message>
        <source>Whole session: %1 frames</source>
        <translation>세션 전체: %1 프레임</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>그룹</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>프레임</translation>
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
        <translation>전체</translation>
    </message>
    <message>
        <source>all joints</source>
        <translation>모든 관절</translation>
    </message>
    <message>
        <source>body region</source>
        <translation>신체 부위</translation>
    </message>
    <message>
        <source>axis</source>
        <translation>축</translation>
    </message>
    <message>
        <source>action</source>
        <translation>동작</translation>
    </message>
    <message>
        <source>%1. %2 s   MPJPE %3 cm   PA-MPJPE %4 cm</source>
        <translation>%1. %2 s   MPJPE %3 cm   PA-MPJPE %4 cm</translation>
    </message>
    <message>
        <source>Mean error per joint (cm)</source>
        <translation>관절별 평균 오차 (cm)</translation>
    </message>
    <message>
        <source>at cursor</source>
        <translation>커서 위치</translation>
    </message>
    <message>
        <source>At the cursor: no compared frame</source>
        <translation>커서 위치: 비교한 프레임 없음</translation>
    </message>
    <message>
        <source>At the cursor (%1 s): MPJPE %2 cm, PA-MPJPE %3 cm</source>
        <translation>커서 위치 (%1 s): MPJPE %2 cm, PA-MPJPE %3 cm</translation>
    </message>
    <message>
        <source>Export comparison</source>
        <translation>비교 내보내기</translation>
    </message>
    <message>
        <source>There is nothing to compare: no predictions in this session.</source>
        <translation>비교할 대상이 없습니다: 이 세션에 예측이 없습니다.</translation>
    </message>
    <message>
        <source>Export the comparison into</source>
        <translation>비교 결과를 내보낼 폴더</translation>
    </message>
    <message>
        <source>gait phase</source>
        <translation>보행 단계</translation>
    </message>
</context>
<context>
    <name>insolepose::ConnectDialog</name>
    <message>
        <source>Connect insoles</source>
        <translation>인솔 연결</translation>
    </message>
    <message>
        <source>WiFi boards (TCP, the boards connect to this computer)</source>
        <translation>WiFi 보드 (TCP, 보드가 이 컴퓨터에 연결)</translation>
    </message>
    <message>
        <source>UDP frames</source>
        <translation>UDP 프레임</translation>
    </message>
    <message>
        <source>Serial board</source>
        <translation>시리얼 보드</translation>
    </message>
    <message>
        <source>Replay a session</source>
        <translation>세션 리플레이</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>프로토콜</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>포트</translation>
    </message>
    <message>
        <source>Start the simulator instead</source>
        <translation>대신 시뮬레이터 시작</translation>
    </message>
    <message>
        <source>Add a pair of insoles</source>
        <translation>인솔 한 쌍 추가</translation>
    </message>
    <message>
        <source>Live mode is running: this pair is added (one skeleton each).</source>
        <translation>라이브 모드가 실행 중입니다: 이 쌍이 추가됩니다 (쌍마다 골격 하나).</translation>
    </message>
    <message>
        <source>all network interfaces (boards on the WiFi)</source>
        <translation>모든 네트워크 인터페이스 (WiFi의 보드)</translation>
    </message>
    <message>
        <source>this computer only</source>
        <translation>이 컴퓨터만</translation>
    </message>
    <message>
        <source>any sender</source>
        <translation>모든 송신자</translation>
    </message>
    <message>
        <source>left</source>
        <translation>왼발</translation>
    </message>
    <message>
        <source>right</source>
        <translation>오른발</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>small</source>
        <translation>소형</translation>
    </message>
    <message>
        <source>large</source>
        <translation>대형</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>수신 주소</translation>
    </message>
    <message>
        <source>Accept frames from</source>
        <translation>허용할 송신자</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>시리얼 포트</translation>
    </message>
    <message>
        <source>Board&apos;s foot</source>
        <translation>보드의 발</translation>
    </message>
    <message>
        <source>Session folder</source>
        <translation>세션 폴더</translation>
    </message>
    <message>
        <source>Insole size</source>
        <translation>인솔 크기</translation>
    </message>
    <message>
        <source>Session to replay</source>
        <translation>리플레이할 세션</translation>
    </message>
</context>
<context>
    <name>insolepose::ErrorLegend</name>
    <message>
        <source>error</source>
        <translation>오차</translation>
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
        <translation>입각기</translation>
    </message>
    <message>
        <source>swing</source>
        <translation>유각기</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>Gait</source>
        <translation>보행</translation>
    </message>
    <message>
        <source> % of load range</source>
        <translation> % (하중 범위 대비)</translation>
    </message>
    <message>
        <source>Contact threshold:</source>
        <translation>접촉 임계값:</translation>
    </message>
    <message>
        <source>toes end</source>
        <translation>발가락 영역 끝</translation>
    </message>
    <message>
        <source>forefoot ends</source>
        <translation>전족부 끝</translation>
    </message>
    <message>
        <source>midfoot ends</source>
        <translation>중족부 끝</translation>
    </message>
    <message>
        <source>Region mask: %1 (fraction of the insole length from the toes)</source>
        <translation>영역 마스크: %1 (발가락 쪽부터 잰 인솔 길이의 비율)</translation>
    </message>
    <message>
        <source>Regions (toes | forefoot | midfoot):</source>
        <translation>영역 (발가락 | 전족부 | 중족부):</translation>
    </message>
    <message>
        <source>Chart:</source>
        <translation>차트:</translation>
    </message>
    <message>
        <source>Save events</source>
        <translation>이벤트 저장</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Export gait analysis to</source>
        <translation>보행 분석을 내보낼 폴더</translation>
    </message>
    <message>
        <source>&amp;Gait</source>
        <translation>보행(&amp;G)</translation>
    </message>
    <message>
        <source>show gait events, steps and pressure charts</source>
        <translation>보행 이벤트, 걸음, 압력 차트 표시</translation>
    </message>
    <message>
        <source>Save gait &amp;events</source>
        <translation>보행 이벤트 저장(&amp;E)</translation>
    </message>
    <message>
        <source>store the detected gait events in the session (gait_events.json)</source>
        <translation>검출한 보행 이벤트를 세션에 저장 (gait_events.json)</translation>
    </message>
    <message>
        <source>foot</source>
        <translation>발</translation>
    </message>
    <message>
        <source>action</source>
        <translation>동작</translation>
    </message>
    <message>
        <source>heel strike (s)</source>
        <translation>뒤꿈치 닿기 (s)</translation>
    </message>
    <message>
        <source>toe off (s)</source>
        <translation>발끝 떼기 (s)</translation>
    </message>
    <message>
        <source>stance (s)</source>
        <translation>입각기 (s)</translation>
    </message>
    <message>
        <source>swing (s)</source>
        <translation>유각기 (s)</translation>
    </message>
    <message>
        <source>double support (s)</source>
        <translation>양발 지지 (s)</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>완전</translation>
    </message>
    <message>
        <source>left</source>
        <translation>왼발</translation>
    </message>
    <message>
        <source>right</source>
        <translation>오른발</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>no</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>%1 heel strike</source>
        <translation>%1 뒤꿈치 닿기</translation>
    </message>
    <message>
        <source>%1 toe off</source>
        <translation>%1 발끝 떼기</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>왼발</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>오른발</translation>
    </message>
    <message>
        <source>No session.</source>
        <translation>세션이 없습니다.</translation>
    </message>
    <message>
        <source>%1 steps (left %2, right %3, incomplete %4); cadence %5 steps/min</source>
        <translation>걸음 %1 (왼발 %2, 오른발 %3, 불완전 %4); 보행률 %5 steps/min</translation>
    </message>
    <message>
        <source>%1 %2 cm (%3 frames)</source>
        <translation>%1 %2 cm (%3 프레임)</translation>
    </message>
    <message>
        <source>MPJPE of %1 by gait phase: %2</source>
        <translation>보행 단계별 %1의 MPJPE: %2</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>참고: %1</translation>
    </message>
    <message>
        <source>At the cursor: left %1, right %2</source>
        <translation>커서 위치: 왼발 %1, 오른발 %2</translation>
    </message>
    <message>
        <source>Cannot save gait events</source>
        <translation>보행 이벤트를 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Cannot export the gait analysis</source>
        <translation>보행 분석을 내보낼 수 없습니다</translation>
    </message>
</context>
<context>
    <name>insolepose::HeatmapWidget</name>
    <message>
        <source>no data</source>
        <translation>데이터 없음</translation>
    </message>
    <message>
        <source>pressure (normalised)</source>
        <translation>압력 (정규화)</translation>
    </message>
</context>
<context>
    <name>insolepose::LabelEditor</name>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>undo the last label edit</source>
        <translation>마지막 레이블 편집 취소</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <source>Undo &amp;history</source>
        <translation>실행 취소 기록(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Previous label</source>
        <translation>이전 레이블(&amp;P)</translation>
    </message>
    <message>
        <source>previous label</source>
        <translation>이전 레이블</translation>
    </message>
    <message>
        <source>&amp;Split at cursor</source>
        <translation>커서 위치에서 분할(&amp;S)</translation>
    </message>
    <message>
        <source>split the selected segment at the cursor</source>
        <translation>선택한 구간을 커서 위치에서 분할</translation>
    </message>
    <message>
        <source>&amp;Merge with next</source>
        <translation>다음 구간과 병합(&amp;M)</translation>
    </message>
    <message>
        <source>merge the selected segment with the next</source>
        <translation>선택한 구간을 다음 구간과 병합</translation>
    </message>
    <message>
        <source>&amp;Delete segment</source>
        <translation>구간 삭제(&amp;D)</translation>
    </message>
    <message>
        <source>delete the selected segment</source>
        <translation>선택한 구간 삭제</translation>
    </message>
    <message>
        <source>&amp;Rename segment…</source>
        <translation>구간 레이블 변경(&amp;R)…</translation>
    </message>
    <message>
        <source>choose the selected segment&apos;s label</source>
        <translation>선택한 구간의 레이블 선택</translation>
    </message>
    <message>
        <source>Start one frame earlier</source>
        <translation>시작을 한 프레임 앞당기기</translation>
    </message>
    <message>
        <source>selected segment&apos;s start one frame earlier</source>
        <translation>선택한 구간의 시작을 한 프레임 앞당기기</translation>
    </message>
    <message>
        <source>Start one frame later</source>
        <translation>시작을 한 프레임 늦추기</translation>
    </message>
    <message>
        <source>selected segment&apos;s start one frame later</source>
        <translation>선택한 구간의 시작을 한 프레임 늦추기</translation>
    </message>
    <message>
        <source>End one frame earlier</source>
        <translation>끝을 한 프레임 앞당기기</translation>
    </message>
    <message>
        <source>selected segment&apos;s end one frame earlier</source>
        <translation>선택한 구간의 끝을 한 프레임 앞당기기</translation>
    </message>
    <message>
        <source>End one frame later</source>
        <translation>끝을 한 프레임 늦추기</translation>
    </message>
    <message>
        <source>selected segment&apos;s end one frame later</source>
        <translation>선택한 구간의 끝을 한 프레임 늦추기</translation>
    </message>
    <message>
        <source>&amp;Loop selected segment</source>
        <translation>선택한 구간 반복(&amp;L)</translation>
    </message>
    <message>
        <source>loop the selected segment</source>
        <translation>선택한 구간 반복</translation>
    </message>
    <message>
        <source>Cancel labelling</source>
        <translation>레이블링 취소</translation>
    </message>
    <message>
        <source>cancel the segment a label key started</source>
        <translation>레이블 키로 시작한 구간 취소</translation>
    </message>
    <message>
        <source>&amp;Add track…</source>
        <translation>트랙 추가(&amp;A)…</translation>
    </message>
    <message>
        <source>Add track</source>
        <translation>트랙 추가</translation>
    </message>
    <message>
        <source>Track (annotator) name:</source>
        <translation>트랙 (주석자) 이름:</translation>
    </message>
    <message>
        <source>annotator %1</source>
        <translation>주석자 %1</translation>
    </message>
    <message>
        <source>Re&amp;name track…</source>
        <translation>트랙 이름 바꾸기(&amp;N)…</translation>
    </message>
    <message>
        <source>Rename track</source>
        <translation>트랙 이름 바꾸기</translation>
    </message>
    <message>
        <source>Track name:</source>
        <translation>트랙 이름:</translation>
    </message>
    <message>
        <source>&amp;Hide track</source>
        <translation>트랙 숨기기(&amp;H)</translation>
    </message>
    <message>
        <source>Show all &amp;tracks</source>
        <translation>모든 트랙 표시(&amp;T)</translation>
    </message>
    <message>
        <source>Lock / unlock track</source>
        <translation>트랙 잠금 / 잠금 해제</translation>
    </message>
    <message>
        <source>Delete track</source>
        <translation>트랙 삭제</translation>
    </message>
    <message>
        <source>&amp;Vocabulary and hotkeys…</source>
        <translation>어휘 및 단축키(&amp;V)…</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>설정(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Import labels…</source>
        <translation>레이블 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <source>E&amp;xport labels…</source>
        <translation>레이블 내보내기(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Propose labels from model</source>
        <translation>모델로 레이블 제안(&amp;P)</translation>
    </message>
    <message>
        <source>A&amp;greement between tracks…</source>
        <translation>트랙 간 일치도(&amp;G)…</translation>
    </message>
    <message>
        <source>Undo history</source>
        <translation>실행 취소 기록</translation>
    </message>
    <message>
        <source>(labels as opened)</source>
        <translation>(열었을 때의 레이블)</translation>
    </message>
    <message>
        <source>Rename segment</source>
        <translation>구간 레이블 변경</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>레이블:</translation>
    </message>
    <message>
        <source>Vocabulary and hotkeys of %1</source>
        <translation>%1의 어휘 및 단축키</translation>
    </message>
    <message>
        <source>label</source>
        <translation>레이블</translation>
    </message>
    <message>
        <source>hotkey</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>colour (#rrggbb)</source>
        <translation>색 (#rrggbb)</translation>
    </message>
    <message>
        <source>Add label</source>
        <translation>레이블 추가</translation>
    </message>
    <message>
        <source>Remove label</source>
        <translation>레이블 제거</translation>
    </message>
    <message>
        <source>new label</source>
        <translation>새 레이블</translation>
    </message>
    <message>
        <source>Label settings</source>
        <translation>레이블 설정</translation>
    </message>
    <message>
        <source>Reaction-time compensation (s): a label key marks the cursor minus this time</source>
        <translation>반응 시간 보상 (s): 레이블 키는 커서 위치에서 이 시간을 뺀 시점을 표시합니다</translation>
    </message>
    <message>
        <source>Labels (*.csv *.json *.eaf)</source>
        <translation>레이블 (*.csv *.json *.eaf)</translation>
    </message>
    <message>
        <source>Import labels</source>
        <translation>레이블 가져오기</translation>
    </message>
    <message>
        <source>Export labels</source>
        <translation>레이블 내보내기</translation>
    </message>
    <message>
        <source>Cannot propose labels</source>
        <translation>레이블을 제안할 수 없습니다</translation>
    </message>
    <message>
        <source>Track %1: segments %2 and %3 overlap (fix them by hand)</source>
        <translation>트랙 %1: 구간 %2, %3이 겹칩니다 (직접 수정하세요)</translation>
    </message>
    <message>
        <source>Cannot save labels</source>
        <translation>레이블을 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Labels changed on disk</source>
        <translation>디스크의 레이블이 변경됨</translation>
    </message>
    <message>
        <source>%1

Overwrite it with the labels shown here, or reload it from disk? (Reloading can be undone with Edit &gt; Undo.)</source>
        <translation>%1

여기 표시된 레이블로 덮어쓸까요, 아니면 디스크에서 다시 불러올까요? (다시 불러오기는 편집 &gt; 실행 취소로 되돌릴 수 있습니다.)</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>덮어쓰기</translation>
    </message>
    <message>
        <source>Reload from disk</source>
        <translation>디스크에서 다시 불러오기</translation>
    </message>
    <message>
        <source>Reload labels from disk</source>
        <translation>디스크에서 레이블 다시 불러오기</translation>
    </message>
    <message>
        <source>%1 (model)</source>
        <translation>%1 (모델)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>no such track</source>
        <translation>해당 트랙이 없습니다</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>%1 추가</translation>
    </message>
    <message>
        <source>Move or resize segment</source>
        <translation>구간 이동 또는 크기 조정</translation>
    </message>
    <message>
        <source>Delete segment</source>
        <translation>구간 삭제</translation>
    </message>
    <message>
        <source>Split segment</source>
        <translation>구간 분할</translation>
    </message>
    <message>
        <source>Merge segments</source>
        <translation>구간 병합</translation>
    </message>
    <message>
        <source>Rename to %1</source>
        <translation>레이블 변경: %1</translation>
    </message>
    <message>
        <source>the segment would be shorter than 10 ms</source>
        <translation>구간이 10 ms보다 짧아집니다</translation>
    </message>
    <message>
        <source>Labelling %1: press its key again to end it</source>
        <translation>%1 레이블링 중: 끝내려면 같은 키를 다시 누르세요</translation>
    </message>
    <message>
        <source>Add track %1</source>
        <translation>트랙 %1 추가</translation>
    </message>
    <message>
        <source>Rename track to %1</source>
        <translation>트랙 이름 변경: %1</translation>
    </message>
    <message>
        <source>Hide track</source>
        <translation>트랙 숨기기</translation>
    </message>
    <message>
        <source>Show track</source>
        <translation>트랙 표시</translation>
    </message>
    <message>
        <source>Lock track</source>
        <translation>트랙 잠금</translation>
    </message>
    <message>
        <source>Unlock track</source>
        <translation>트랙 잠금 해제</translation>
    </message>
    <message>
        <source>a session keeps at least one track</source>
        <translation>세션에는 트랙이 하나 이상 있어야 합니다</translation>
    </message>
    <message>
        <source>Delete track %1</source>
        <translation>트랙 %1 삭제</translation>
    </message>
    <message>
        <source>Edit vocabulary</source>
        <translation>어휘 편집</translation>
    </message>
    <message>
        <source>Proposing labels with %1…</source>
        <translation>레이블 제안 중 (%1)…</translation>
    </message>
    <message>
        <source>Propose %1</source>
        <translation>%1 제안</translation>
    </message>
    <message>
        <source>Proposed track %1: accept, edit or delete its segments</source>
        <translation>제안된 트랙 %1: 구간을 수락, 편집 또는 삭제하세요</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>%1 가져오기</translation>
    </message>
    <message>
        <source>Cannot import labels</source>
        <translation>레이블을 가져올 수 없습니다</translation>
    </message>
    <message>
        <source>Exported the labels to %1</source>
        <translation>레이블을 %1에 내보냈습니다</translation>
    </message>
    <message>
        <source>Cannot export labels</source>
        <translation>레이블을 내보낼 수 없습니다</translation>
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
        <translation>레이블 키 (트랙 %1):</translation>
    </message>
    <message>
        <source>%1: start or end “%2”</source>
        <translation>%1: “%2” 시작 또는 끝</translation>
    </message>
</context>
<context>
    <name>insolepose::LiveController</name>
    <message>
        <source>Cannot connect</source>
        <translation>연결할 수 없습니다</translation>
    </message>
    <message>
        <source>live: %1</source>
        <translation>라이브: %1</translation>
    </message>
    <message>
        <source>Simulator</source>
        <translation>시뮬레이터</translation>
    </message>
    <message>
        <source>no free TCP port on 127.0.0.1</source>
        <translation>127.0.0.1에 사용 가능한 TCP 포트가 없습니다</translation>
    </message>
    <message>
        <source>the insolepose command line tool was not found next to the studio or on PATH</source>
        <translation>스튜디오와 같은 폴더나 PATH에서 insolepose 명령줄 도구를 찾을 수 없습니다</translation>
    </message>
    <message>
        <source>Simulator: %1</source>
        <translation>시뮬레이터: %1</translation>
    </message>
    <message>
        <source>Simulator streaming %1 to port %2 at %3 Hz</source>
        <translation>시뮬레이터 스트리밍 중: %1 → 포트 %2, %3 Hz</translation>
    </message>
    <message>
        <source>synthetic motion</source>
        <translation>합성 동작</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>카메라</translation>
    </message>
    <message>
        <source>Connect insoles first.</source>
        <translation>먼저 인솔을 연결하세요.</translation>
    </message>
    <message>
        <source>Cannot connect camera</source>
        <translation>카메라를 연결할 수 없습니다</translation>
    </message>
    <message>
        <source>lost %1/%2, dropped %3</source>
        <translation>손실 %1/%2, 폐기 %3</translation>
    </message>
    <message>
        <source>● REC %1  L %2 R %3</source>
        <translation>● 녹화 %1  L %2 R %3</translation>
    </message>
    <message>
        <source>Connect insoles first (the camera joins the live session).</source>
        <translation>먼저 인솔을 연결하세요 (카메라는 라이브 세션에 합류합니다).</translation>
    </message>
    <message>
        <source>Connect camera</source>
        <translation>카메라 연결</translation>
    </message>
    <message>
        <source>Device index (0, 1, ...), a video file or a stream URL:</source>
        <translation>장치 번호 (0, 1, ...), 비디오 파일 또는 스트림 URL:</translation>
    </message>
    <message>
        <source>Calibrate</source>
        <translation>보정</translation>
    </message>
    <message>
        <source>Calibrating: keep the insoles unloaded for 2 s</source>
        <translation>보정 중: 2 s 동안 인솔에 하중을 싣지 마세요</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>녹화</translation>
    </message>
    <message>
        <source>Connect insoles first (Live &gt; Connect insoles or Start simulator).</source>
        <translation>먼저 인솔을 연결하세요 (라이브 &gt; 인솔 연결 또는 시뮬레이터 시작).</translation>
    </message>
    <message>
        <source>Already recording to %1.</source>
        <translation>이미 %1에 녹화 중입니다.</translation>
    </message>
    <message>
        <source>Cannot record</source>
        <translation>녹화할 수 없습니다</translation>
    </message>
    <message>
        <source>Recording to %1</source>
        <translation>%1에 녹화 중</translation>
    </message>
    <message>
        <source>pair %1: %2</source>
        <translation>%1번 쌍: %2</translation>
    </message>
    <message>
        <source>Pair %1 connected: %2</source>
        <translation>%1번 쌍을 연결했습니다: %2</translation>
    </message>
    <message>
        <source>The live model could not be loaded (%1).</source>
        <translation>라이브 모델을 불러올 수 없습니다 (%1).</translation>
    </message>
    <message>
        <source>No causal live model (lite-live.pt) found: using the review model.</source>
        <translation>인과적 라이브 모델(lite-live.pt)을 찾을 수 없어 검토 모델을 사용합니다.</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>연결 해제</translation>
    </message>
    <message>
        <source>Recording to %1. Disconnecting stops the recording (what was recorded is kept). Disconnect?</source>
        <translation>%1에 녹화 중입니다. 연결을 해제하면 녹화가 중지됩니다 (녹화된 내용은 유지됩니다). 연결을 해제할까요?</translation>
    </message>
    <message>
        <source> and stops the recording to %1 (what was recorded is kept)</source>
        <translation> (%1에 대한 녹화도 중지되며, 녹화된 내용은 유지됩니다)</translation>
    </message>
    <message>
        <source>%1 ends live mode (%2)%3. Go on?</source>
        <translation>%1: 라이브 모드(%2)가 종료됩니다%3. 계속할까요?</translation>
    </message>
    <message>
        <source>%1 %2 Hz </source>
        <translation>%1 %2 Hz </translation>
    </message>
    <message>
        <source>, %1 pairs</source>
        <translation>, %1쌍</translation>
    </message>
</context>
<context>
    <name>insolepose::PredictionController</name>
    <message>
        <source>Predict session</source>
        <translation>세션 예측</translation>
    </message>
    <message>
        <source>This session already holds predictions named &apos;%1&apos;.</source>
        <translation>이 세션에는 이미 &apos;%1&apos; 이름의 예측이 있습니다.</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>덮어쓰기</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>둘 다 유지</translation>
    </message>
    <message>
        <source>Cannot load model</source>
        <translation>모델을 불러올 수 없습니다</translation>
    </message>
    <message>
        <source>Model %1 (%2)</source>
        <translation>모델 %1 (%2)</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>모델 파일</translation>
    </message>
    <message>
        <source>Models (*.pt)</source>
        <translation>모델 (*.pt)</translation>
    </message>
    <message>
        <source>Open a session first.</source>
        <translation>먼저 세션을 여세요.</translation>
    </message>
    <message>
        <source>A prediction is already running.</source>
        <translation>예측이 이미 실행 중입니다.</translation>
    </message>
    <message>
        <source>Choose a model first (File &gt; Choose model).</source>
        <translation>먼저 모델을 선택하세요 (파일 &gt; 모델 선택).</translation>
    </message>
    <message>
        <source>Predict session cancelled; &apos;%1&apos; kept as it was</source>
        <translation>세션 예측이 취소되었습니다. &apos;%1&apos;은(는) 그대로입니다</translation>
    </message>
    <message>
        <source>Predicting %1 with %2…</source>
        <translation>%1 예측 중 (%2)…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Predict session failed</source>
        <translation>세션 예측 실패</translation>
    </message>
    <message>
        <source>Prediction cancelled; nothing was written</source>
        <translation>예측이 취소되었습니다. 아무것도 저장하지 않았습니다</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>Stored %1 predictions as &apos;%2&apos;</source>
        <translation>예측 %1개를 &apos;%2&apos; 이름으로 저장했습니다</translation>
    </message>
</context>
<context>
    <name>insolepose::RecordDialog</name>
    <message>
        <source>Record session</source>
        <translation>세션 녹화</translation>
    </message>
    <message>
        <source>Session folder</source>
        <translation>세션 폴더</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>피험자</translation>
    </message>
    <message>
        <source>Insole size</source>
        <translation>인솔 크기</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>small</source>
        <translation>소형</translation>
    </message>
    <message>
        <source>large</source>
        <translation>대형</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Folder to record into</source>
        <translation>녹화할 폴더</translation>
    </message>
</context>
<context>
    <name>insolepose::ReviewController</name>
    <message>
        <source>no folder given</source>
        <translation>폴더가 지정되지 않았습니다</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Cannot open session</source>
        <translation>세션을 열 수 없습니다</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>열었습니다: %1</translation>
    </message>
    <message>
        <source>Opened %1 with %2 warning(s): %3</source>
        <translation>열었습니다: %1 (경고 %2개: %3)</translation>
    </message>
    <message>
        <source>review</source>
        <translation>검토</translation>
    </message>
    <message>
        <source>Prediction (none in this session: File &gt; Predict session)</source>
        <translation>예측 (이 세션에 없음: 파일 &gt; 세션 예측)</translation>
    </message>
    <message>
        <source>Prediction (%1)</source>
        <translation>예측 (%1)</translation>
    </message>
    <message>
        <source>%1 load</source>
        <translation>%1 하중</translation>
    </message>
    <message>
        <source>left</source>
        <translation>왼발</translation>
    </message>
    <message>
        <source>right</source>
        <translation>오른발</translation>
    </message>
    <message>
        <source>a.u.</source>
        <translation>a.u.</translation>
    </message>
    <message>
        <source>error</source>
        <translation>오차</translation>
    </message>
    <message>
        <source>cm</source>
        <translation>cm</translation>
    </message>
    <message>
        <source>load %1  contact %2 taxels</source>
        <translation>하중 %1  접촉 %2 택셀</translation>
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
        <translation>왼쪽 인솔</translation>
    </message>
    <message>
        <source>right insole</source>
        <translation>오른쪽 인솔</translation>
    </message>
    <message>
        <source>ground truth</source>
        <translation>실측값</translation>
    </message>
    <message>
        <source>prediction</source>
        <translation>예측</translation>
    </message>
    <message>
        <source>Ground truth</source>
        <translation>실측값</translation>
    </message>
</context>
<context>
    <name>insolepose::SettingsDialog</name>
    <message>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>언어(&amp;L):</translation>
    </message>
    <message>
        <source>A new language applies the next time the studio starts.</source>
        <translation>새 언어는 다음에 스튜디오를 시작할 때 적용됩니다.</translation>
    </message>
</context>
<context>
    <name>insolepose::StudioWindow</name>
    <message>
        <source>&amp;Open session…</source>
        <translation>세션 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>open a session folder</source>
        <translation>세션 폴더 열기</translation>
    </message>
    <message>
        <source>Choose &amp;model…</source>
        <translation>모델 선택(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Predict session</source>
        <translation>세션 예측(&amp;P)</translation>
    </message>
    <message>
        <source>predict session</source>
        <translation>세션 예측</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>|◀ Start</source>
        <translation>|◀ 처음</translation>
    </message>
    <message>
        <source>start</source>
        <translation>처음으로</translation>
    </message>
    <message>
        <source>◀◀ 1 s</source>
        <translation>◀◀ 1 s</translation>
    </message>
    <message>
        <source>one second back</source>
        <translation>1초 뒤로</translation>
    </message>
    <message>
        <source>◀ Step</source>
        <translation>◀ 스텝</translation>
    </message>
    <message>
        <source>one frame of the chosen stream back</source>
        <translation>선택한 스트림의 한 프레임 뒤로</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <source>play / pause</source>
        <translation>재생 / 일시 정지</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>스텝 ▶</translation>
    </message>
    <message>
        <source>one frame of the chosen stream forward</source>
        <translation>선택한 스트림의 한 프레임 앞으로</translation>
    </message>
    <message>
        <source>1 s ▶▶</source>
        <translation>1 s ▶▶</translation>
    </message>
    <message>
        <source>one second forward</source>
        <translation>1초 앞으로</translation>
    </message>
    <message>
        <source>Next label ▶|</source>
        <translation>다음 레이블 ▶|</translation>
    </message>
    <message>
        <source>next label</source>
        <translation>다음 레이블</translation>
    </message>
    <message>
        <source>End ▶|</source>
        <translation>끝 ▶|</translation>
    </message>
    <message>
        <source>end</source>
        <translation>끝으로</translation>
    </message>
    <message>
        <source>Slower (J)</source>
        <translation>느리게 (J)</translation>
    </message>
    <message>
        <source>slower</source>
        <translation>느리게</translation>
    </message>
    <message>
        <source>Pause (K)</source>
        <translation>일시 정지 (K)</translation>
    </message>
    <message>
        <source>pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Play / faster (L)</source>
        <translation>재생 / 빠르게 (L)</translation>
    </message>
    <message>
        <source>play (again: faster)</source>
        <translation>재생 (다시 누르면 빠르게)</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>반복</translation>
    </message>
    <message>
        <source>loop the label under the cursor (or the visible range)</source>
        <translation>커서 위치의 레이블 반복 (또는 보이는 범위)</translation>
    </message>
    <message>
        <source>Camera: default</source>
        <translation>카메라: 기본</translation>
    </message>
    <message>
        <source>Camera: front</source>
        <translation>카메라: 정면</translation>
    </message>
    <message>
        <source>Camera: side</source>
        <translation>카메라: 측면</translation>
    </message>
    <message>
        <source>Camera: top</source>
        <translation>카메라: 위</translation>
    </message>
    <message>
        <source>&amp;Overlay prediction on ground truth</source>
        <translation>실측값에 예측 겹쳐 보기(&amp;O)</translation>
    </message>
    <message>
        <source>overlay the prediction on the ground truth</source>
        <translation>실측값 위에 예측 겹쳐 보기</translation>
    </message>
    <message>
        <source>Colour joints by &amp;error</source>
        <translation>오차에 따라 관절 색 표시(&amp;E)</translation>
    </message>
    <message>
        <source>colour joints by error</source>
        <translation>오차에 따라 관절 색 표시</translation>
    </message>
    <message>
        <source>Smooth (interpolated) pressure</source>
        <translation>부드러운 (보간) 압력</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>레이아웃 초기화(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Connect insoles…</source>
        <translation>인솔 연결(&amp;C)…</translation>
    </message>
    <message>
        <source>Start &amp;simulator and connect</source>
        <translation>시뮬레이터 시작 및 연결(&amp;S)</translation>
    </message>
    <message>
        <source>Connect c&amp;amera…</source>
        <translation>카메라 연결(&amp;A)…</translation>
    </message>
    <message>
        <source>C&amp;alibrate (step off the insoles, 2 s)</source>
        <translation>보정(&amp;A) (인솔에서 발을 떼고 2 s)</translation>
    </message>
    <message>
        <source>&amp;Record…</source>
        <translation>녹화(&amp;R)…</translation>
    </message>
    <message>
        <source>record</source>
        <translation>녹화</translation>
    </message>
    <message>
        <source>S&amp;top recording</source>
        <translation>녹화 중지(&amp;T)</translation>
    </message>
    <message>
        <source>Recorded %1</source>
        <translation>녹화 완료: %1</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>연결 해제(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>키보드 단축키(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>설정(&amp;S)…</translation>
    </message>
    <message>
        <source>The new language applies when the studio starts again</source>
        <translation>새 언어는 스튜디오를 다시 시작하면 적용됩니다</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>정보(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>최근 세션 열기(&amp;R)</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>재생 제어</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>재생(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Labels</source>
        <translation>레이블(&amp;L)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source> Speed </source>
        <translation> 속도 </translation>
    </message>
    <message>
        <source> Step along </source>
        <translation> 스텝 기준 </translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>분석(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>라이브(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>InsolePose Studio</source>
        <translation>InsolePose Studio</translation>
    </message>
    <message>
        <source>Open a session folder with File &gt; Open, drop one here, or connect insoles (Live)</source>
        <translation>파일 &gt; 열기로 세션 폴더를 열거나, 여기에 끌어다 놓거나, 인솔을 연결하세요 (라이브)</translation>
    </message>
    <message>
        <source>Live: %1</source>
        <translation>라이브: %1</translation>
    </message>
    <message>
        <source>InsolePose Studio — %1</source>
        <translation>InsolePose Studio — %1</translation>
    </message>
    <message>
        <source>playback %1 fps at %2x</source>
        <translation>재생 %1 fps, %2x</translation>
    </message>
    <message>
        <source>Open session folder</source>
        <translation>세션 폴더 열기</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>키보드 단축키</translation>
    </message>
    <message>
        <source>S&amp;ynchronise streams…</source>
        <translation>스트림 동기화(&amp;Y)…</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 열기</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>사용자 안내서(&amp;U)</translation>
    </message>
    <message>
        <source>user guide</source>
        <translation>사용자 안내서</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>사용자 안내서</translation>
    </message>
    <message>
        <source>The user guide was not found; looked for %1</source>
        <translation>사용자 안내서를 찾지 못했습니다. 찾아본 위치: %1</translation>
    </message>
    <message>
        <source> and </source>
        <translation>, </translation>
    </message>
    <message>
        <source>No program could open the user guide %1</source>
        <translation>사용자 안내서 %1을(를) 열 수 있는 프로그램이 없습니다</translation>
    </message>
</context>
<context>
    <name>insolepose::SyncDialog</name>
    <message>
        <source>Synchronise streams</source>
        <translation>스트림 동기화</translation>
    </message>
    <message>
        <source>Ground-truth keypoints</source>
        <translation>실측값 키포인트</translation>
    </message>
    <message>
        <source>Right insole</source>
        <translation>오른쪽 인솔</translation>
    </message>
    <message>
        <source>Camera %1</source>
        <translation>카메라 %1</translation>
    </message>
    <message>
        <source>Open a session first.</source>
        <translation>먼저 세션을 여세요.</translation>
    </message>
    <message>
        <source>−1 frame</source>
        <translation>−1 프레임</translation>
    </message>
    <message>
        <source>+1 frame</source>
        <translation>+1 프레임</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Cannot save the offsets: %1</source>
        <translation>오프셋을 저장할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Offset added to each stream&apos;s timestamps (ms). Changes show at once and are saved with OK; the buttons move by one tactile frame.</source>
        <translation>각 스트림의 타임스탬프에 더하는 오프셋 (ms). 변경 사항은 즉시 표시되고 확인을 누르면 저장되며, 버튼은 촉각 프레임 하나씩 이동합니다.</translation>
    </message>
    <message>
        <source>&amp;Estimate offsets from the pressure</source>
        <translation>압력으로 오프셋 추정(&amp;E)</translation>
    </message>
    <message>
        <source>Ground truth from the feet&apos;s motion; the right insole and cameras from a jump or stomp (docs/IMPORT.md)</source>
        <translation>실측값은 발의 움직임으로, 오른쪽 인솔과 카메라는 점프나 발 구르기로 추정합니다 (docs/IMPORT.md)</translation>
    </message>
    <message>
        <source>Not saved yet: OK writes the offsets to session.json.</source>
        <translation>아직 저장되지 않았습니다: 확인을 누르면 오프셋을 session.json에 기록합니다.</translation>
    </message>
    <message>
        <source>%1: moved by %2 ms (correlation %3)</source>
        <translation>%1: %2 ms 이동했습니다 (상관 %3)</translation>
    </message>
    <message>
        <source>%1: no estimate (%2)</source>
        <translation>%1: 추정 불가 (%2)</translation>
    </message>
</context>
<context>
    <name>insolepose::TimelineWidget</name>
    <message>
        <source>%1 (locked)</source>
        <translation>%1 (잠김)</translation>
    </message>
</context>
<context>
    <name>insolepose::VideoDecoder</name>
    <message>
        <source>cannot decode frame %1 of %2</source>
        <translation>%2의 프레임 %1을(를) 디코딩할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>insolepose::VideoPanel</name>
    <message>
        <source>no camera in this session</source>
        <translation>이 세션에 카메라가 없습니다</translation>
    </message>
    <message>
        <source>no frame at this time (the camera runs %1 s .. %2 s)</source>
        <translation>이 시각에는 프레임이 없습니다 (카메라 구간 %1 s .. %2 s)</translation>
    </message>
    <message>
        <source>Show skeleton on video</source>
        <translation>비디오에 골격 표시</translation>
    </message>
</context>
</TS>
