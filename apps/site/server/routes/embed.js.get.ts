import { createHash } from 'node:crypto'

/**
 * The booking embed for other websites, dependency-free and the same for every site:
 *   <script src="https://<site>/embed.js" data-project="slug" [data-service="id"]
 *           [data-mode="inline|button"] [data-label="Book now"] async></script>
 * `inline` puts the flow (`<origin>/book?embed=1`) in a frame right after the tag and sizes
 * it from the frame's `flectar:height` messages (that origin and frame only). `button` adds a
 * button (class `flectar-book-button`, restyle at will) that opens the flow in a modal
 * <dialog>: Esc, the close button or a click outside close it, and focus returns.
 * The script's own origin decides the site; `data-project` names it for people reading the page.
 */
const EMBED_SCRIPT = `(function(d){
var s=d.currentScript;if(!s||!s.src)return;
var o=new URL(s.src).origin,a=s.dataset,t=a.label||'Book now',
u=o+'/book?embed=1'+(a.service?'&service='+encodeURIComponent(a.service):'');
function put(n){s.parentNode.insertBefore(n,s.nextSibling)}
function frame(){var f=d.createElement('iframe');f.src=u;f.title=t;return f}
if(a.mode!=='button'){
var f=frame();f.loading='lazy';f.style.cssText='display:block;width:100%;min-height:560px;border:0';put(f);
addEventListener('message',function(e){var m=e.data;
if(e.origin===o&&e.source===f.contentWindow&&m&&m.type==='flectar:height'&&m.height>0){f.style.minHeight='0';f.style.height=Math.ceil(m.height)+'px'}});
return}
if(!d.getElementById('flectar-book-css')){var c=d.createElement('style');c.id='flectar-book-css';c.textContent=
':where(.flectar-book-button){padding:.7em 1.4em;border:0;border-radius:8px;background:#18181b;color:#fff;font:inherit;font-weight:600;cursor:pointer}'+
'.flectar-book-dialog{width:min(44rem,calc(100vw - 1rem));height:min(52rem,calc(100vh - 1rem));max-width:none;max-height:none;padding:0;border:0;border-radius:12px;overflow:hidden;background:#fff}'+
'.flectar-book-dialog[open]{display:flex;flex-direction:column}.flectar-book-dialog::backdrop{background:rgba(0,0,0,.55)}'+
'.flectar-book-dialog>button{align-self:flex-end;width:44px;height:44px;border:0;background:none;color:#18181b;font:28px/1 sans-serif;cursor:pointer}'+
'.flectar-book-dialog>iframe{flex:1;width:100%;border:0}';d.head.appendChild(c)}
var b=d.createElement('button'),g;b.type='button';b.className='flectar-book-button';b.textContent=t;put(b);
b.addEventListener('click',function(){
if(!g){g=d.createElement('dialog');g.className='flectar-book-dialog';g.setAttribute('aria-label',t);
var x=d.createElement('button');x.type='button';x.textContent='\\u00d7';x.setAttribute('aria-label','Close');
x.addEventListener('click',function(){g.close()});
g.addEventListener('click',function(e){if(e.target===g)g.close()});
g.addEventListener('close',function(){b.focus()});
g.append(x,frame());d.body.appendChild(g)}
g.showModal()})
})(document);
`

const etag = `"${createHash('sha1').update(EMBED_SCRIPT).digest('base64url')}"`

export default defineEventHandler((event) => {
  setResponseHeaders(event, {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'public, max-age=300',
    'etag': etag,
    'x-content-type-options': 'nosniff',
  })
  if (getRequestHeader(event, 'if-none-match') === etag) {
    setResponseStatus(event, 304)
    return ''
  }
  return EMBED_SCRIPT
})
