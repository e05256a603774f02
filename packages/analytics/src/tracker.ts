/**
 * The public sites' tracker, served at `/js/script.js` (≤ 1 KB gzipped, no dependencies, no
 * cookies). It does nothing when the browser sends Do Not Track or Global Privacy Control
 * (P18). A random visitor id lives in localStorage and a session id in sessionStorage (P17);
 * with `data-cookieless` on the script tag nothing is stored in the browser at all.
 * One beacon per page view (also on history.pushState / popstate), and
 * `flectar('event', name, props)` for custom events.
 */
export const TRACKER_SCRIPT = `(function(w,d,n,l,h){
var f=w.flectar=function(){};
if(n.doNotTrack=='1'||w.doNotTrack=='1'||n.globalPrivacyControl)return;
var c=d.currentScript,k=c&&c.hasAttribute('data-cookieless'),e='/api/event',a;
function id(p,x){if(k)return'';try{var s=p?localStorage:sessionStorage,v=s.getItem(x);if(!v){v=(crypto.randomUUID?crypto.randomUUID():Math.random().toString(36).slice(2)+Date.now().toString(36));s.setItem(x,v)}return v}catch(_){return''}}
function send(m,o){var i=w.innerWidth,b=JSON.stringify({n:m,p:l.pathname+l.search,r:d.referrer,v:id(1,'flectar_v'),s:id(0,'flectar_s'),l:n.language,w:i<768?'s':i<1024?'m':'l',d:o});
try{if(n.sendBeacon&&n.sendBeacon(e,new Blob([b],{type:'text/plain'})))return}catch(_){}
fetch(e,{method:'POST',body:b,keepalive:true,credentials:'omit',headers:{'content-type':'text/plain'}}).catch(function(){})}
function pv(){if(l.pathname!=a){a=l.pathname;send('pageview')}}
var u=h.pushState;h.pushState=function(){u.apply(h,arguments);pv()};
w.addEventListener('popstate',pv);
f=w.flectar=function(t,m,o){if(t=='event'&&m)send(String(m),o)};
pv()
})(window,document,navigator,location,history)
`
